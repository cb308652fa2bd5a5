# One image for the API and the worker (docker-compose.yml picks the command).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
ENV DATA_DIR=/data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/schemas ./schemas
# `cosmolocal demo seed` reads the demo world from here (never seeded in production).
COPY --from=build /app/demo ./demo
# DATA_DIR (upload staging, and blocks when there is no Kubo) belongs to the user the image runs
# as; a new named volume mounted on /data takes this directory's owner.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000
# A young generation of at most 2 × 32 MB: Node 24 sizes it from the machine's memory (up to
# 2 × 64 MB), and the pages it touches stay resident; 2 × 8 MB kept ~60 MB less under load but cost a third of
# the throughput in collections (docs/benchmarks.md, "Idle memory of the API").
# glibc's allocator: two arenas rather than one per thread, and blocks of 128 KiB and more mapped
# and unmapped on their own rather than kept in the heap once freed (the threshold otherwise grows
# with the largest block freed): ~20 MB less held at rest.
ENV MALLOC_ARENA_MAX=2 GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072
CMD ["node", "--max-semi-space-size=32", "dist/api/src/main.js"]
