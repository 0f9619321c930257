#!/usr/bin/env bash
# Builds the two base images the Dockerfiles take, without any registry: a minimal Debian root file
# system (debootstrap) with this machine's .NET installed into it, imported with `docker import`.
#
#   migration-local/aspnet:10.0   runtime base (ASP.NET Core runtime, non-root user "app", uid 1654)
#   migration-local/sdk:10.0      build base (the same plus the SDK)
#
# Then: docker build --build-arg SDK_IMAGE=migration-local/sdk:10.0 \
#                    --build-arg BASE_IMAGE=migration-local/aspnet:10.0 -f <host>/Dockerfile .
#
# For air-gapped machines and CI. Needs root, debootstrap, a Debian mirror (apt's) and a .NET 10 SDK.
# Images that already exist are kept; --force rebuilds them.
# Usage: deploy/docker/build-local-base.sh [--force]
set -euo pipefail

runtime_image=migration-local/aspnet:10.0
sdk_image=migration-local/sdk:10.0
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}

force=false
case "${1:-}" in
  "") ;;
  --force) force=true ;;
  -h|--help) sed -n '2,/^[^#]/ s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "build-local-base: unknown option '$1' (see --help)." >&2; exit 2 ;;
esac

if [ "$force" = false ] && docker image inspect "$runtime_image" "$sdk_image" > /dev/null 2>&1; then
  echo "Base images exist: $runtime_image, $sdk_image (--force rebuilds them)."
  exit 0
fi

for tool in debootstrap docker; do
  command -v "$tool" > /dev/null || { echo "build-local-base: '$tool' is required." >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "build-local-base: debootstrap needs root." >&2; exit 1; }
[ -x "$dotnet_root/dotnet" ] || { echo "build-local-base: no .NET install at $dotnet_root (set DOTNET_ROOT)." >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "debootstrap $suite (minbase) from $mirror ..."
# What the official .NET images carry: certificates, ICU, zlib; bash serves the images' health checks.
debootstrap --variant=minbase --include=ca-certificates,libicu72,zlib1g,tzdata "$suite" "$rootfs" "$mirror" > "$work/debootstrap.log" \
  || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }

# Trust the same extra certificate authorities as this machine (a company proxy's, say), for restores.
if compgen -G "/usr/local/share/ca-certificates/*.crt" > /dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates > /dev/null
fi
chroot "$rootfs" groupadd --gid 1654 app
chroot "$rootfs" useradd --uid 1654 --gid 1654 --create-home --shell /bin/false app
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

common_changes=(
  --change 'ENV APP_UID=1654'
  --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true'
  --change 'ENV ASPNETCORE_HTTP_PORTS=8080'
  --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV DOTNET_ROOT=/usr/share/dotnet'
)

echo "Importing $runtime_image ..."
mkdir -p "$rootfs/usr/share/dotnet"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$rootfs/usr/share/dotnet/"
tar -C "$rootfs" -c . | docker import "${common_changes[@]}" - "$runtime_image" > /dev/null

echo "Importing $sdk_image ..."
cp -a "$dotnet_root/sdk" "$dotnet_root/sdk-manifests" "$dotnet_root/packs" "$rootfs/usr/share/dotnet/"
tar -C "$rootfs" -c . | docker import "${common_changes[@]}" \
  --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' --change 'ENV DOTNET_NOLOGO=1' --change 'ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false' \
  - "$sdk_image" > /dev/null

docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^migration-local/'
