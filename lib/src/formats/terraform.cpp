// Terraform plan JSON and Terraform JSON configuration (see docs/formats.md).
#include "corslint/formats.hpp"
#include "corslint/recognise.hpp"

namespace corslint::formats {

bool terraform_plan(const json::Tree&, json::NodeId, std::vector<Recognised>&) { return false; }
bool terraform_config(const json::Tree&, json::NodeId, std::vector<Recognised>&) { return false; }

}  // namespace corslint::formats
