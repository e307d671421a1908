# One image for both halves: `node dist/api/main.js` and `node dist/worker/main.js`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json /app/requirements.txt ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The worker bundles the workflows from dist/workflows at start; migrations are read from db/migrations.
COPY --from=build /app/db/migrations ./db/migrations
# The console, the widget and their shared modules are served as they are, from web/.
COPY --from=build /app/web ./web
# The sentiment model learned from reviews (bot/signals/review-model.ts) is read at first use.
COPY --from=build /app/bot/models ./bot/models
USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
