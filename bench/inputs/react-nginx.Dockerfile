# === Stage 1: Build React frontend ===
FROM node:18-alpine as builder

WORKDIR /app
COPY frontend/package.json frontend/yarn.lock ./
RUN yarn install

COPY frontend/ ./
RUN yarn build

# === Stage 2: Serve with nginx (Final Image) ===
FROM nginx:stable-alpine as production

# Copy build output from builder stage
COPY --from=builder /app/build /usr/share/nginx/html

# Optional: custom nginx config
# COPY nginx.conf /etc/nginx/nginx.conf

EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
