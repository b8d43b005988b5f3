#include "lib/http/authorization_header.h"

#include <utility>

namespace kosmo::http {

void set_authorization_header(HttpRequest& request, std::string value) {
  std::erase_if(request.headers, [](const auto& header) {
    return equals_ignore_case(header.first, "authorization");
  });
  if (!value.empty()) request.headers.emplace_back("Authorization", std::move(value));
}

}  // namespace kosmo::http
