#!/usr/bin/env bash
# Builds the estate's container images from the repository root, one per host:
#   shop-legacy, catalog-service, inventory-service, strangler-proxy   (tag: dev, or --tag)
#
#   deploy/docker/build-images.sh [--tag TAG] [--local-base | --auto-base]
#
# --local-base builds on the local base images of build-local-base.sh (made first if missing), for
# machines without a registry; otherwise the Dockerfiles' defaults, Microsoft's official images.
# --auto-base takes the local ones when they exist or this machine can make them (root, debootstrap).
set -euo pipefail
cd "$(dirname "$0")/../.."

tag=dev
local_base=false
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag=${2:?--tag needs a value}; shift 2 ;;
    --local-base) local_base=true; shift ;;
    --auto-base)
      if docker image inspect migration-local/sdk:10.0 migration-local/aspnet:10.0 > /dev/null 2>&1 \
        || { [ "$(id -u)" = 0 ] && command -v debootstrap > /dev/null; }; then
        local_base=true
      fi
      shift ;;
    -h|--help) sed -n '2,/^[^#]/ s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "build-images: unknown option '$1' (see --help)." >&2; exit 2 ;;
  esac
done

args=()
if [ "$local_base" = true ]; then
  deploy/docker/build-local-base.sh
  args=(--build-arg SDK_IMAGE=migration-local/sdk:10.0 --build-arg BASE_IMAGE=migration-local/aspnet:10.0)
fi

images=(
  "shop-legacy:legacy/Shop.Host/Dockerfile"
  "catalog-service:extracted/Catalog.Service/Dockerfile"
  "inventory-service:extracted/Inventory.Service/Dockerfile"
  "strangler-proxy:strangler-proxy/StranglerProxy/Dockerfile"
)
for entry in "${images[@]}"; do
  name=${entry%%:*}
  dockerfile=${entry#*:}
  started=$SECONDS
  echo "Building $name:$tag from $dockerfile ..."
  log=$(mktemp)
  # Host networking: the restore reaches the package feed the way this machine does.
  if ! docker build --network host "${args[@]}" -f "$dockerfile" -t "$name:$tag" . > "$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    echo "build-images: $name failed to build." >&2
    exit 1
  fi
  rm -f "$log"
  echo "  $name:$tag built in $((SECONDS - started)) s"
done
