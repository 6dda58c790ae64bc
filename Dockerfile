# Capture Bot image. docs/operations.md, "Running in Docker", says how to run it. Not built in CI.
#
#   docker build -t capture-bot .
#   docker run -d --name capture-bot --init --env-file /etc/capture-bot/env \
#       -v capture-data:/data capture-bot                       # long polling
#   docker run ... -p 127.0.0.1:8001:8443 capture-bot \
#       run --webhook https://bot.example.com/telegram --listen 0.0.0.0 --port 8443
#
# The image holds no settings and no key: everything comes from the environment at run time.

FROM python:3.11-slim-bookworm

LABEL org.opencontainers.image.title="Capture Bot" \
      org.opencontainers.image.description="Telegram bot that captures customer data by chat"

ENV PYTHONUNBUFFERED=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CAPTURE_DATA_DIR=/data

# Tesseract with the English, Simplified Chinese and orientation models the card reader uses;
# the CJK font as the project's set-up installs it; pg_dump/pg_restore (PostgreSQL 15 client) for
# `capture-bot backup`/`restore` against PostgreSQL (a newer server gets a logical backup instead).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        tesseract-ocr \
        tesseract-ocr-eng \
        tesseract-ocr-chi-sim \
        tesseract-ocr-script-hans \
        tesseract-ocr-chi-tra \
        tesseract-ocr-osd \
        tesseract-ocr-script-latn \
        fonts-noto-cjk \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# A fixed non-root uid/gid, so a bind-mounted data dir can be chown'ed to it (10001:10001).
RUN groupadd --system --gid 10001 capture \
    && useradd --system --uid 10001 --gid capture --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin capture \
    && install -d -o capture -g capture -m 0700 /data

WORKDIR /src
# Dependencies first, from pyproject.toml alone: this layer is reused until they change.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt
# Then the project itself, as a regular (not editable) install; the source tree is not kept.
# README.md is the package's long description (pyproject.toml), so the build needs it.
COPY README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY ocr ./ocr
COPY sandbox ./sandbox
RUN pip install . \
    && cd / && rm -rf /src

# Database (SQLite), card photos, nightly backups, and secret.key if CAPTURE_SECRET_KEY is unset.
VOLUME ["/data"]
WORKDIR /data
USER 10001:10001

# Webhook mode's default port (documentation only; long polling listens on nothing).
EXPOSE 8443

# No HEALTHCHECK here: the default command (long polling) serves no HTTP endpoint. Webhook
# containers get one at run time, without extra tools (docs/operations.md):
#   --health-cmd "python -c \"import urllib.request as u; u.urlopen('http://127.0.0.1:8443/healthz', timeout=4)\""

ENTRYPOINT ["capture-bot"]
CMD ["run"]
