#!/usr/bin/env bash
# Builds the image and runs docker-compose.yml as shipped, on fresh volumes: the API must become
# ready (also through nginx), the worker must start, an upload must land in /data, and the chain
# must keep its state across a restart. Needs a container engine; CI runs it only when
# `docker info` succeeds.
set -euo pipefail
cd "$(dirname "$0")/.."

project="cosmolocal-smoke-$$"
export TOKEN_SECRET="${TOKEN_SECRET:-$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')}"
export KEY_ENCRYPTION_SECRET="${KEY_ENCRYPTION_SECRET:-$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')}"
compose() { docker compose -p "$project" "$@"; }
cleanup() {
  compose logs --no-color >"/tmp/$project.log" 2>&1 || true
  compose down -v --remove-orphans >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
  echo "compose smoke: $1" >&2
  compose ps -a >&2 || true
  compose logs --no-color --tail 80 >&2 || true
  exit 1
}

compose build
compose up -d --wait --wait-timeout 600 || fail "services did not become healthy"

curl -fsS http://127.0.0.1:4000/ready >/dev/null || fail "the API is not ready"
curl -fsS -o /dev/null http://127.0.0.1:8000/ || fail "nginx does not serve the web app"
for _ in $(seq 1 60); do
  compose logs --no-color worker 2>/dev/null | grep -q '"msg":"ready"' && break
  sleep 2
done
compose logs --no-color worker | grep -q '"msg":"ready"' || fail "the worker did not start"
if compose logs --no-color | grep -q EACCES; then fail "a service could not write its data directory"; fi

# An upload is staged in /data, owned by the image's user, and pinned in Kubo.
token=$(curl -fsS http://127.0.0.1:4000/graphql -H 'content-type: application/json' \
  -d '{"query":"mutation($i: RegisterInput!) { register(input: $i) { token } }","variables":{"i":{"email":"smoke@example.org","password":"a long passphrase for the compose smoke test","name":"Smoke"}}}' |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.register.token))')
printf 'hello from compose\n' >"/tmp/$project.txt"
curl -fsS -H "authorization: Bearer $token" -F "file=@/tmp/$project.txt;filename=hello.txt" http://127.0.0.1:4000/api/uploads >/dev/null ||
  fail "an upload failed"

# The chain keeps its state in its volume across a restart.
block=$(compose exec -T chain cast block-number --rpc-url http://127.0.0.1:8545)
[ "$block" -gt 0 ] || fail "nothing was mined (the API deploys its AnchorRegistry on the dev chain)"
compose restart chain >/dev/null
compose exec -T chain sh -c 'test -s /home/foundry/state.json' || fail "anvil wrote no state file"
for _ in $(seq 1 30); do compose exec -T chain cast block-number --rpc-url http://127.0.0.1:8545 >/dev/null 2>&1 && break; sleep 1; done
after=$(compose exec -T chain cast block-number --rpc-url http://127.0.0.1:8545)
[ "$after" -ge "$block" ] || fail "the chain lost its state on restart (block $block, then $after)"

echo "compose smoke: ok (API ready, worker started, upload stored, chain state kept at block $after)"
