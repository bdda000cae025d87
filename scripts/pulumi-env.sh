# Source me: the environment every pibx Pulumi run uses (offline, local, no update checks).
_pibx_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$_pibx_repo/.cache/pulumi-bin:$PATH"
export PULUMI_HOME="$_pibx_repo/.cache/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
unset _pibx_repo
