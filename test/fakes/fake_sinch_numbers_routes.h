#pragma once
// The fake Sinch Numbers API (numbers.api.sinch.com), under /sinch-numbers: the tests point the
// numbers_url credential at <origin>/sinch-numbers. Part of sinch_routes().
#include <vector>

#include "fakes/fake_vendor_routes.h"

namespace kosmo::fakes {

constexpr const char kSinchNumbersPrefix[] = "/sinch-numbers";

std::vector<Route> sinch_numbers_routes();

}  // namespace kosmo::fakes
