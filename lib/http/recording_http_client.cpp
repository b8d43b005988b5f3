#include "lib/http/recording_http_client.h"

#include "lib/config/atomic_file.h"

namespace kosmo::http {

HttpResult RecordingHttpClient::send(const HttpRequest& request) {
  HttpResult result = inner_.send(request);
  interactions_.push_back({describe_request(request), result});
  return result;
}

void RecordingHttpClient::save(const std::filesystem::path& file) const {
  config::write_file_atomically(file, render_cassette(interactions_, redactor_));
}

}  // namespace kosmo::http
