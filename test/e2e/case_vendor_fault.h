// The fake vendor server of an end-to-end case: `vendor_fault:` header lines parsed into faults
// of test/fakes/fake_vendor_server.h, and the requests the fake received rendered as text for the
// `vendor_request_contains` expectations. Grammar: test/e2e/cases/README.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fakes/fake_vendor_server.h"

namespace kosmo::e2e {

// One `vendor_fault: KIND ARGS... [path=P] [times=N|always]` line.
struct VendorFaultSpec {
  fakes::Fault fault;
  std::string path;  // "" matches every request
  size_t times = 1;
  bool always = false;
};

// Parses the value of a `vendor_fault:` line. Returns false with `error` on malformed input.
bool ParseVendorFault(const std::string& value, VendorFaultSpec* out, std::string* error);

// Injects every fault into `server`, in file order (the fake consumes them in that order).
void InjectFaults(const std::vector<VendorFaultSpec>& specs, fakes::FakeVendorServer& server);

// Every request as "METHOD path?query", its headers ("name: value", lower-case names) and body,
// separated by blank lines: what `vendor_request_contains` searches.
std::string DescribeRequests(const std::vector<fakes::RecordedRequest>& requests);

}  // namespace kosmo::e2e
