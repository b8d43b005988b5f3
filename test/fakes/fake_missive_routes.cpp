// The fake Missive REST API under /missive/v1 (tests point the integration's `url` there). Shapes
// follow Missive's public endpoint documentation as summarised in the reference notes
// (shared/reference/integrations-missive.md §10): every answer is an object keyed by the plural
// resource name, timestamps are Unix seconds, IDs UUIDs. Only Missive's documented endpoints are
// served (https://missiveapp.com/docs/developers/rest-api/endpoints): the reference's GET /user,
// POST /comments and GET /hooks get the 404 of any unknown path.
//
// Validation is what Missive does visibly: 401 without a Bearer token, 400 for a missing
// envelope key, mailbox or required parameter, and 400 for a query parameter or body field the
// endpoint does not document, so a request that drifts from the real API fails its test. Error
// bodies are {"error": "..."}.
#include <optional>
#include <sstream>

#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {
namespace {

constexpr const char kPrefix[] = "/missive/v1";
constexpr const char kId[] = "([^/]+)";

constexpr std::string_view kConversations = R"({"conversations": [
  {"id": "7a1e0c52-3f0b-4d7e-9a41-0c2f5b8e6d11", "created_at": 1717430400, "subject": null,
   "latest_message_subject": "Invoice #4411",
   "organization": {"id": "c0ffee00-1111-4a2b-8c3d-222233334444", "name": "Acme Support"},
   "color": null, "assignees": [],
   "users": [{"id": "5d9f3a10-8b2c-4e6f-a1d2-3c4b5a697881", "name": "Dana Lee",
              "email": "dana@acme.test", "unassigned": false, "closed": false,
              "archived": false, "trashed": false, "junked": false, "assigned": false,
              "flagged": true, "snoozed": false}],
   "attachments_count": 0, "messages_count": 2,
   "authors": [{"name": "Chris Park", "address": "chris@customer.test"}],
   "drafts_count": 0, "send_later_messages_count": 0, "tasks_count": 0,
   "completed_tasks_count": 0,
   "web_url": "https://mail.missiveapp.com/#inbox/conversations/7a1e0c52-3f0b-4d7e-9a41-0c2f5b8e6d11",
   "app_url": "missive://mail.missiveapp.com/#inbox/conversations/7a1e0c52-3f0b-4d7e-9a41-0c2f5b8e6d11",
   "assignee_names": "", "assignee_emails": "", "shared_label_names": "VIP",
   "last_activity_at": 1717431000,
   "team": {"id": "0b7e2d44-5c6a-4f81-9e0d-aa11bb22cc33", "name": "Billing",
            "organization": "c0ffee00-1111-4a2b-8c3d-222233334444"},
   "shared_labels": [{"id": "abab1212-cdcd-4343-8e5e-f6f67878a9a9", "name": "VIP"}]},
  {"id": "9e8d7c6b-5a49-4382-b1a0-ffeeddccbbaa", "last_activity_at": 1717420000}
]})";

constexpr std::string_view kMessage = R"({"id": "2b4c6d8e-0f12-4345-9678-9abcdef01234",
  "subject": "Invoice #4411", "draft": false,
  "preview": "Hi, I have a question about invoice 4411", "type": "email",
  "delivered_at": 1717430400, "updated_at": 1717430460, "created_at": 1717430460,
  "email_message_id": "<a1b2c3d4@customer.test>", "in_reply_to": [], "references": [],
  "from_field": {"name": "Chris Park", "address": "chris@customer.test"},
  "to_fields": [{"name": "Acme Billing", "address": "billing@acme.test"}],
  "cc_fields": [], "bcc_fields": [], "reply_to_fields": [],
  "attachments": [{"id": "44aa55bb-66cc-477d-88ee-99ff00112233", "filename": "invoice.png",
                   "extension": "png", "url": "https://files.example.test/invoice.png",
                   "media_type": "image", "sub_type": "png", "size": 20480, "width": 600,
                   "height": 800}]})";

constexpr std::string_view kComment = R"({"id": "3c5e7a90-1b2d-4c3e-8f40-5a6b7c8d9e0f",
  "body": "Customer is on the Gold plan, refund is fine.", "created_at": 1717430500,
  "mentions": [],
  "author": {"id": "5d9f3a10-8b2c-4e6f-a1d2-3c4b5a697881", "name": "Dana Lee",
             "email": "dana@acme.test", "avatar_url": "https://avatars.example.test/dana.png"},
  "task": null})";

constexpr std::string_view kPost = R"({"id": "6d7e8f90-a1b2-4c3d-9e4f-5061728394a5",
  "created_at": 1717430600, "username": "Billing bot", "username_icon": null,
  "notification": {"title": "Invoice paid", "body": "Invoice #4411 was paid"},
  "attachments": [{"author_name": "Stripe", "author_link": null, "author_icon": null,
                   "color": "#2266ee", "text": "Paid 120.00 USD", "timestamp": 1717430590}]})";

constexpr std::string_view kTaskInList = R"({"id": "11112222-3333-4444-8555-666677778888",
  "conversation": null, "title": "Send revised quote",
  "description": "Customer asked for 3-year pricing", "state": "todo", "started_at": null,
  "closed_at": null, "assignees": ["5d9f3a10-8b2c-4e6f-a1d2-3c4b5a697881"],
  "team": "0b7e2d44-5c6a-4f81-9e0d-aa11bb22cc33", "due_at": 1717516800, "type": "task",
  "last_activity_at": 1717431100})";

constexpr std::string_view kTask = R"({"id": "11112222-3333-4444-8555-666677778888",
  "conversation": null, "title": "Send revised quote",
  "description": "Customer asked for 3-year pricing", "state": "todo", "started_at": null,
  "closed_at": null,
  "assignees": [{"id": "5d9f3a10-8b2c-4e6f-a1d2-3c4b5a697881", "name": "Dana Lee",
                 "email": "dana@acme.test", "avatar_url": "https://avatars.example.test/dana.png"}],
  "team": {"id": "0b7e2d44-5c6a-4f81-9e0d-aa11bb22cc33", "name": "Billing",
           "organization": "c0ffee00-1111-4a2b-8c3d-222233334444"},
  "due_at": 1717516800, "type": "task"})";

constexpr std::string_view kUsers = R"({"users": [
  {"id": "5d9f3a10-8b2c-4e6f-a1d2-3c4b5a697881", "me": true, "email": "dana@acme.test",
   "name": "Dana Lee", "avatar_url": "https://avatars.example.test/dana.png"},
  {"id": "8e7f6a5b-4c3d-4e2f-9a1b-0c9d8e7f6a5b", "me": false, "email": "sam@acme.test",
   "name": "Sam Ito", "avatar_url": "https://avatars.example.test/sam.png"}]})";

constexpr std::string_view kOrganizations = R"({"organizations": [
  {"id": "c0ffee00-1111-4a2b-8c3d-222233334444", "name": "Acme Support"}]})";

constexpr std::string_view kTeam = R"({"id": "0b7e2d44-5c6a-4f81-9e0d-aa11bb22cc33",
  "name": "Billing", "organization": "c0ffee00-1111-4a2b-8c3d-222233334444",
  "active_members": ["5d9f3a10-8b2c-4e6f-a1d2-3c4b5a697881"], "observers": []})";

constexpr std::string_view kSharedLabels = R"({"shared_labels": [
  {"id": "abab1212-cdcd-4343-8e5e-f6f67878a9a9", "color": null, "name": "VIP",
   "name_with_parent_names": "VIP", "organization": "c0ffee00-1111-4a2b-8c3d-222233334444"}]})";

constexpr std::string_view kContacts = R"({"contacts": [
  {"id": "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", "first_name": "Robin", "last_name": "Ashe",
   "starred": false, "contact_book": "aa00bb11-cc22-4d33-8e44-ff5566778899", "deleted": false,
   "modified_at": 1717400000},
  {"id": "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", "first_name": "Sam", "last_name": "Okafor",
   "starred": true, "contact_book": "aa00bb11-cc22-4d33-8e44-ff5566778899", "deleted": false,
   "modified_at": 1717399000,
   "infos": [{"kind": "email", "label": "work", "value": "sam@partner.test"},
             {"kind": "custom", "custom_label": "Account tier", "value": "Gold"}],
   "memberships": [{"title": "Buyer",
                    "group": {"id": "77889900-aabb-4ccd-8dde-eeff00112233",
                              "kind": "organization", "name": "Partner Inc"}}]}]})";

constexpr std::string_view kContactBooks = R"({"contact_books": [
  {"id": "aa00bb11-cc22-4d33-8e44-ff5566778899", "user": "5d9f3a10-8b2c-4e6f-a1d2-3c4b5a697881",
   "share_with_organization": true, "share_with_team": false, "share_with_users": [],
   "organization": "c0ffee00-1111-4a2b-8c3d-222233334444", "name": "Customers",
   "description": null}]})";

constexpr std::string_view kResponse = R"({"id": "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
  "title": "Refund approved", "body": "<p>Your refund is on its way.</p>",
  "subject": "Your refund", "organization": "c0ffee00-1111-4a2b-8c3d-222233334444",
  "user": null, "share_with_team": false, "modified_at": 1717300000, "to_fields": [],
  "cc_fields": [], "bcc_fields": [], "shared_labels": ["abab1212-cdcd-4343-8e5e-f6f67878a9a9"],
  "attachments": []})";

// IDs of created objects: fixed, so tests can assert them.
constexpr const char kNewId[] = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";

Reply missive_error(int status, std::string_view text) {
  return error_reply(Vendor::kMissive, status, text);
}

// Missive answers 2xx without a body for deletes and some creates.
Reply empty_reply(int status = 200) {
  Reply reply;
  reply.status = status;
  return reply;  // keeps application/json, as Missive's answers always do
}

// Rails' wording for a missing required parameter, which is what Missive sends.
Reply missing_param(std::string_view name) {
  return missive_error(400, "param is missing or the value is empty: " + std::string(name));
}

Reply unknown_param(std::string_view name) {
  return missive_error(400, "found unpermitted parameter: " + std::string(name));
}

// The fields each envelope documents, for the bodies kosmo builds itself.
const std::vector<std::string_view> kTaskCreateFields = {"title",
                                                         "description",
                                                         "state",
                                                         "organization",
                                                         "team",
                                                         "assignees",
                                                         "due_at",
                                                         "subtask",
                                                         "conversation",
                                                         "references",
                                                         "add_users",
                                                         "add_to_inbox",
                                                         "conversation_subject"};
const std::vector<std::string_view> kTaskUpdateFields = {"title",     "description", "state",
                                                         "assignees", "team",        "due_at"};
const std::vector<std::string_view> kPostFields = {"conversation",
                                                   "notification",
                                                   "username",
                                                   "username_icon",
                                                   "conversation_icon",
                                                   "text",
                                                   "markdown",
                                                   "attachments",
                                                   "references",
                                                   "conversation_subject",
                                                   "conversation_color",
                                                   "organization",
                                                   "team",
                                                   "force_team",
                                                   "add_users",
                                                   "add_assignees",
                                                   "remove_assignees",
                                                   "add_shared_labels",
                                                   "remove_shared_labels",
                                                   "add_to_inbox",
                                                   "add_to_team_inbox",
                                                   "close",
                                                   "reopen"};
const std::vector<std::string_view> kReportFields = {
    "organization", "start",    "end",           "time_zone",    "teams",
    "users",        "accounts", "account_types", "shared_labels"};

// The body's only top-level key must be the envelope `key`.
std::optional<Reply> only_envelope(const rapidjson::Document& body, std::string_view key) {
  if (auto unknown = unknown_member(body, {key})) return unknown_param(*unknown);
  return std::nullopt;
}

Reply canned(std::string_view text, int status = 200) {
  return json_reply(to_json_text(parse_json(text)), status);
}

// {<key>: value}, Missive's envelope around every answer.
Reply keyed(const char* key, const rapidjson::Value& value, int status = 200) {
  rapidjson::Document out(rapidjson::kObjectType);
  out.AddMember(rapidjson::StringRef(key), rapidjson::Value(value, out.GetAllocator()),
                out.GetAllocator());
  return json_reply(out, status);
}

// {<key>: [value]}
Reply keyed_list(const char* key, const rapidjson::Value& value) {
  rapidjson::Document list(rapidjson::kArrayType);
  list.PushBack(rapidjson::Value(value, list.GetAllocator()), list.GetAllocator());
  return keyed(key, list);
}

Reply one_of(std::string_view item, const char* key, const char* id, bool as_list) {
  rapidjson::Document doc = parse_json(item);
  set_string(doc, doc, "id", id);
  return as_list ? keyed_list(key, doc) : keyed(key, doc);
}

std::vector<std::string> split_ids(const std::string& ids) {
  std::vector<std::string> out;
  std::stringstream stream(ids);
  for (std::string id; std::getline(stream, id, ',');) out.push_back(id);
  return out;
}

// The JSON object body, or an error reply.
std::optional<Reply> parse_body(const RouteRequest& request, rapidjson::Document& body) {
  body.Parse(request.raw.body.c_str());
  if (body.HasParseError() || !body.IsObject()) {
    return missive_error(400, "Request body must be a JSON object");
  }
  return std::nullopt;
}

// The object or array under body[key], or an error reply naming the key.
std::optional<Reply> envelope(const RouteRequest& request, rapidjson::Document& body,
                              const char* key, bool list) {
  if (auto error = parse_body(request, body)) return error;
  if (auto error = only_envelope(body, key)) return error;
  auto found = body.FindMember(key);
  if (found == body.MemberEnd() ||
      (list ? !found->value.IsArray() || found->value.Empty() : !found->value.IsObject())) {
    return missing_param(key);
  }
  return std::nullopt;
}

// One canned `item` per sent entry (or per id in the path, for updates), with the entry's fields
// copied over: what Missive answers to bulk creates and updates.
Reply echo_list(const char* key, std::string_view item, const rapidjson::Value& sent,
                const std::vector<std::string>& ids) {
  rapidjson::Document doc(rapidjson::kObjectType);
  rapidjson::Value list(rapidjson::kArrayType);
  const size_t count = ids.empty() ? sent.Size() : ids.size();
  for (size_t i = 0; i < count; ++i) {
    rapidjson::Document one = parse_json(item);
    set_string(one, one, "id", ids.empty() ? std::string(kNewId) : ids[i]);
    if (i < sent.Size() && sent[static_cast<rapidjson::SizeType>(i)].IsObject()) {
      for (const auto& member : sent[static_cast<rapidjson::SizeType>(i)].GetObject()) {
        if (std::string_view(member.name.GetString()) == "id") continue;
        set_member(one, one, member.name.GetString(), member.value);
      }
    }
    list.PushBack(rapidjson::Value(one, doc.GetAllocator()), doc.GetAllocator());
  }
  doc.AddMember(rapidjson::StringRef(key), list, doc.GetAllocator());
  return json_reply(doc);
}

Reply create_list(const RouteRequest& request, const char* key, std::string_view item,
                  const std::vector<std::string>& ids = {}) {
  rapidjson::Document body;
  if (auto error = envelope(request, body, key, true)) return *error;
  return echo_list(key, item, body[key], ids);
}

// --- conversations, messages, comments, drafts, posts

// Missive lists the conversations of one mailbox and says so when none is named.
Reply list_conversations(const RouteRequest& request) {
  static const char* const kMailboxes[] = {
      "inbox",  "all",    "assigned",     "closed",     "snoozed",     "flagged", "trashed",
      "junked", "drafts", "shared_label", "team_inbox", "team_closed", "team_all"};
  for (const char* mailbox : kMailboxes) {
    if (!request.param(mailbox).empty()) return canned(kConversations);
  }
  return missive_error(400, "You need to paginate at least one mailbox");
}

Reply get_conversation(const RouteRequest& request) {
  rapidjson::Document doc = parse_json(kConversations);
  rapidjson::Value& first = doc["conversations"][0];
  set_string(doc, first, "id", request.captures[0]);
  return keyed_list("conversations", first);
}

Reply list_in_conversation(const char* key, std::string_view item, bool draft) {
  rapidjson::Document doc = parse_json(item);
  if (draft) {
    doc["draft"].SetBool(true);
    doc["delivered_at"].SetNull();
    set_member(doc, doc, "author",
               parse_json(R"({"id": "5d9f3a10-8b2c-4e6f-a1d2-3c4b5a697881", "name": "Dana Lee",
                              "email": "dana@acme.test"})"));
  }
  return keyed_list(key, doc);
}

Reply merge_conversation(const RouteRequest& request) {
  rapidjson::Document body;
  if (auto error = parse_body(request, body)) return *error;
  if (auto unknown = unknown_member(body, {"target", "subject"})) return unknown_param(*unknown);
  if (!body.HasMember("target") || !body["target"].IsString()) return missing_param("target");
  rapidjson::Document doc = parse_json(kConversations);
  rapidjson::Value& first = doc["conversations"][0];
  set_string(doc, first, "id", body["target"].GetString());
  if (body.HasMember("subject")) set_member(doc, first, "subject", body["subject"]);
  return keyed_list("conversations", first);
}

// Missive documents no answer body for a created draft: 201 and nothing.
Reply create_draft(const RouteRequest& request) {
  rapidjson::Document body;
  if (auto error = envelope(request, body, "drafts", false)) return *error;
  return empty_reply(201);
}

Reply list_messages(const RouteRequest& request) {
  const std::string wanted = request.param("email_message_id");
  if (wanted.empty()) return missing_param("email_message_id");
  rapidjson::Document doc = parse_json(kMessage);
  set_string(doc, doc, "email_message_id", wanted);
  set_string(doc, doc, "body", "<div>Hi, I have a question about invoice 4411.</div>");
  return keyed_list("messages", doc);
}

Reply get_message(const RouteRequest& request) {
  rapidjson::Document doc = parse_json(kMessage);
  set_string(doc, doc, "id", request.captures[0]);
  set_string(doc, doc, "body", "<div>Hi, I have a question about invoice 4411.</div>");
  return keyed("messages", doc);
}

Reply create_post(const RouteRequest& request) {
  rapidjson::Document body;
  if (auto error = envelope(request, body, "posts", false)) return *error;
  const rapidjson::Value& post = body["posts"];
  if (auto unknown = unknown_member(post, kPostFields)) return unknown_param(*unknown);
  if (!post.HasMember("text") && !post.HasMember("markdown") && !post.HasMember("attachments")) {
    return missing_param("text, markdown or attachments");
  }
  rapidjson::Document doc(rapidjson::kObjectType);
  const bool has_conversation = post.HasMember("conversation") && post["conversation"].IsString();
  set_string(
      doc, doc, "conversation",
      has_conversation ? post["conversation"].GetString() : "7a1e0c52-3f0b-4d7e-9a41-0c2f5b8e6d11");
  set_string(doc, doc, "id", kNewId);
  return keyed("posts", doc);
}

// --- tasks

Reply list_tasks(const RouteRequest& request) {
  const long long limit = request.int_param("limit", 25);
  if (limit < 2 || limit > 50) return missive_error(400, "limit must be between 2 and 50");
  const std::string state = request.param("state");
  if (!state.empty() && state != "todo" && state != "in_progress" && state != "closed") {
    return missive_error(400, "state must be one of todo, in_progress, closed");
  }
  rapidjson::Document task = parse_json(kTaskInList);
  if (!state.empty()) set_string(task, task, "state", state);
  return keyed_list("tasks", task);
}

// Missive's rules for a new task: a title; a standalone task goes to assignees or a team, which
// need the organization; a subtask names its conversation (or references to find it); assignees
// are user IDs and due_at Unix seconds.
std::optional<Reply> task_create_rules(const rapidjson::Value& task) {
  if (!task.HasMember("title") || !task["title"].IsString()) return missing_param("title");
  const bool has_assignees = task.HasMember("assignees");
  if (has_assignees) {
    if (!task["assignees"].IsArray()) return missive_error(400, "assignees must be an array");
    for (const auto& id : task["assignees"].GetArray()) {
      if (!id.IsString()) return missive_error(400, "assignees must be user IDs");
    }
  }
  if (task.HasMember("due_at") && !task["due_at"].IsInt64()) {
    return missive_error(400, "due_at must be a Unix timestamp");
  }
  const bool subtask = task.HasMember("subtask") && task["subtask"].IsTrue();
  if (subtask) {
    if (!task.HasMember("conversation") && !task.HasMember("references")) {
      return missing_param("conversation");
    }
    return std::nullopt;
  }
  if (!has_assignees && !task.HasMember("team")) return missing_param("team or assignees");
  if (!task.HasMember("organization")) return missing_param("organization");
  return std::nullopt;
}

// Create (POST /tasks) and update (PATCH /tasks/:id) answer {"tasks": {...}} with ID-only
// assignees and team.
Reply write_task(const RouteRequest& request, bool create) {
  rapidjson::Document body;
  if (auto error = envelope(request, body, "tasks", false)) return *error;
  const rapidjson::Value& sent = body["tasks"];
  if (auto unknown = unknown_member(sent, create ? kTaskCreateFields : kTaskUpdateFields)) {
    return unknown_param(*unknown);
  }
  if (create) {
    if (auto error = task_create_rules(sent)) return *error;
  }
  rapidjson::Document task = parse_json(kTaskInList);
  task.RemoveMember("last_activity_at");
  set_string(task, task, "id", create ? kNewId : request.captures[0]);
  for (const auto& member : sent.GetObject()) {
    set_member(task, task, member.name.GetString(), member.value);
  }
  return keyed("tasks", task, create ? 201 : 200);
}

// --- contacts and responses

Reply list_contacts(const RouteRequest& request) {
  if (request.param("contact_book").empty()) return missing_param("contact_book");
  return canned(kContacts);
}

Reply get_contact(const RouteRequest& request) {
  const std::string& id = request.captures[0];
  if (id.rfind("deleted", 0) == 0) return missive_error(404, "Contact not found");
  rapidjson::Document doc = parse_json(kContacts);
  rapidjson::Value& first = doc["contacts"][1];
  set_string(doc, first, "id", id);
  return keyed_list("contacts", first);
}

std::string contact_item() {
  rapidjson::Document doc = parse_json(kContacts);
  return to_json_text(doc["contacts"][0]);
}

Reply list_contact_groups(const RouteRequest& request) {
  if (request.param("contact_book").empty()) return missing_param("contact_book");
  const std::string kind = request.param("kind");
  if (kind != "group" && kind != "organization") return missing_param("kind");
  if (kind == "organization") {
    return canned(R"({"contact_groups": [{"id": "77889900-aabb-4ccd-8dde-eeff00112233",
                                          "name": "Partner Inc"}]})");
  }
  return canned(R"({"contact_groups": [{"id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                                        "name": "Newsletter"}]})");
}

// --- analytics and hooks

Reply create_report(const RouteRequest& request) {
  rapidjson::Document body;
  if (auto error = envelope(request, body, "reports", false)) return *error;
  if (auto unknown = unknown_member(body["reports"], kReportFields)) return unknown_param(*unknown);
  for (const char* key : {"organization", "start", "end"}) {
    if (!body["reports"].HasMember(key)) return missing_param(key);
  }
  return canned(R"({"reports": {"id": "8441d4a0-a0ad-4f0f-aa9c-1cc881057e42"}})");
}

// Missive answers an empty 404 until a report is ready; IDs starting "pending" never are.
Reply get_report(const RouteRequest& request) {
  const std::string& id = request.captures[0];
  if (id.rfind("pending", 0) == 0) {
    return empty_reply(404);
  }
  rapidjson::Document doc = parse_json(R"({"reports": {"id": "", "status": "completed",
    "start": 1691812800, "end": 1692371867, "time_zone": "America/Montreal",
    "metrics": {"conversations_count": 412, "messages_received_count": 980,
                "messages_sent_count": 655, "median_first_response_time": 1260}}})");
  set_string(doc, doc["reports"], "id", id);
  return json_reply(doc);
}

Reply create_hook(const RouteRequest& request) {
  rapidjson::Document body;
  if (auto error = envelope(request, body, "hooks", false)) return *error;
  for (const char* key : {"type", "url"}) {
    if (!body["hooks"].HasMember(key)) return missing_param(key);
  }
  return canned(std::string(R"({"hooks": {"id": ")") + kNewId + R"("}})");
}

Reply list_of(std::string_view item, const char* key) {
  rapidjson::Document doc = parse_json(item);
  return keyed_list(key, doc);
}

// Missive answers 401 to a request without a Bearer token.
Responder authenticated(Responder respond) {
  return [respond = std::move(respond)](const RouteRequest& request) {
    const std::string authorization = request.raw.header("authorization");
    if (authorization.rfind("Bearer ", 0) != 0 || authorization.size() == 7) {
      return missive_error(401, "Unauthorized");
    }
    return respond(request);
  };
}

// `query` lists the query parameters the endpoint documents; any other is refused.
Route route(const char* method, const std::string& tail, Responder respond,
            std::vector<std::string_view> query = {}) {
  Responder strict = [respond = std::move(respond), query](const RouteRequest& request) {
    if (auto unknown = unknown_query_parameter(request, query)) return unknown_param(*unknown);
    return respond(request);
  };
  return {method, kPrefix + tail, authenticated(std::move(strict))};
}

std::string conversation(const char* tail) { return std::string("/conversations/") + kId + tail; }

}  // namespace

std::vector<Route> missive_routes() {
  const std::string id = kId;
  using R = const RouteRequest&;
  const std::vector<std::string_view> kPage = {"limit", "until"};
  const std::vector<std::string_view> kOffsetPage = {"limit", "offset"};
  const std::vector<std::string_view> kOrganizationPage = {"organization", "limit", "offset"};
  return {
      // Conversations and what hangs off them.
      route("GET", "/conversations", list_conversations,
            {"limit", "until", "inbox", "all", "assigned", "closed", "snoozed", "flagged",
             "trashed", "junked", "drafts", "shared_label", "team_inbox", "team_closed", "team_all",
             "organization", "email", "domain", "contact_organization"}),
      route("GET", conversation(""), get_conversation),
      route(
          "GET", conversation("/messages"),
          [](R) { return list_in_conversation("messages", kMessage, false); }, kPage),
      route(
          "GET", conversation("/comments"),
          [](R) { return list_in_conversation("comments", kComment, false); }, kPage),
      route(
          "GET", conversation("/drafts"),
          [](R) { return list_in_conversation("drafts", kMessage, true); }, kPage),
      route(
          "GET", conversation("/posts"),
          [](R) { return list_in_conversation("posts", kPost, false); }, kPage),
      route("POST", conversation("/merge"), merge_conversation),
      route("POST", "/drafts", create_draft),
      route("DELETE", "/drafts/" + id, [](R) { return empty_reply(); }),
      route("GET", "/messages", list_messages, {"email_message_id"}),
      route("GET", "/messages/" + id, get_message),
      route("POST", "/posts", create_post),
      route("DELETE", "/posts/" + id, [](R) { return empty_reply(); }),
      // Tasks.
      route("GET", "/tasks", list_tasks,
            {"limit", "until", "organization", "team", "assignee", "state", "type", "conversation",
             "due_at_gteq", "due_at_lteq"}),
      route("GET", "/tasks/" + id,
            [](R r) { return one_of(kTask, "tasks", r.captures[0].c_str(), false); }),
      route("POST", "/tasks", [](R r) { return write_task(r, true); }),
      route("PATCH", "/tasks/" + id, [](R r) { return write_task(r, false); }),
      // Organization metadata.
      route(
          "GET", "/users", [](R) { return canned(kUsers); }, kOrganizationPage),
      route(
          "GET", "/organizations", [](R) { return canned(kOrganizations); }, kOffsetPage),
      route(
          "GET", "/teams", [](R) { return list_of(kTeam, "teams"); }, kOrganizationPage),
      route("POST", "/teams", [](R r) { return create_list(r, "teams", kTeam); }),
      route(
          "GET", "/shared_labels", [](R) { return canned(kSharedLabels); }, kOrganizationPage),
      // Contacts.
      route("GET", "/contacts", list_contacts,
            {"contact_book", "order", "limit", "offset", "modified_since", "include_deleted",
             "search"}),
      route("GET", "/contacts/" + id, get_contact),
      route("POST", "/contacts", [](R r) { return create_list(r, "contacts", contact_item()); }),
      route(
          "PATCH", "/contacts/" + id,
          [](R r) { return create_list(r, "contacts", contact_item(), split_ids(r.captures[0])); }),
      route(
          "GET", "/contact_books", [](R) { return canned(kContactBooks); }, kOffsetPage),
      route("GET", "/contact_groups", list_contact_groups,
            {"contact_book", "kind", "limit", "offset"}),
      // Canned responses.
      route(
          "GET", "/responses", [](R) { return list_of(kResponse, "responses"); },
          kOrganizationPage),
      route("GET", "/responses/" + id,
            [](R r) { return one_of(kResponse, "responses", r.captures[0].c_str(), true); }),
      route("POST", "/responses", [](R r) { return create_list(r, "responses", kResponse); }),
      route("PATCH", "/responses/" + id,
            [](R r) { return create_list(r, "responses", kResponse, split_ids(r.captures[0])); }),
      route("DELETE", "/responses/" + id, [](R) { return empty_reply(); }),
      // Analytics and webhooks (Missive documents creating and deleting hooks, not listing).
      route("POST", "/analytics/reports", create_report),
      route("GET", "/analytics/reports/" + id, get_report),
      route("POST", "/hooks", create_hook),
      route("DELETE", "/hooks/" + id, [](R) { return empty_reply(); }),
  };
}

}  // namespace kosmo::fakes
