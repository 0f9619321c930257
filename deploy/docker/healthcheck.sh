#!/usr/bin/env bash
# The images' health check, without curl: GET over bash's /dev/tcp, healthy on 200.
# Usage: healthcheck [path]  (default /health/ready, on the management port Management__Port, which listens
# on the container's loopback unless Management__Address says otherwise)
path=${1:-/health/ready}
port=${Management__Port:-8090}
exec 3<> "/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 9 status <&3 || exit 1
[[ $status == "HTTP/1.1 200"* ]]
