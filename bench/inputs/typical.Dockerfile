# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
ARG NODE_VERSION=20

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/root/.cache/go-build \
    GOOS=$TARGETOS GOARCH=$TARGETARCH CGO_ENABLED=0 \
    go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server

FROM build AS test
RUN go vet ./...
RUN go test -race ./...

FROM node:${NODE_VERSION}-bookworm-slim AS assets
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ ./
RUN npm run build

FROM alpine:3.20 AS runtime
RUN apk add --no-cache ca-certificates tzdata
RUN <<EOT
addgroup -S app
adduser -S -G app -h /srv app
EOT
COPY --from=build /out/server /usr/local/bin/server
COPY --from=assets /web/dist /srv/static
COPY --chmod=0644 <<EOT /etc/server.toml
listen = ":8080"
static = "/srv/static"
EOT
USER app
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/server"]
