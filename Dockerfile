# Production image: gunicorn serves the app, WhiteNoise the static files.
# The same image runs the Celery worker and beat (see docker-compose.yml).
# BASE is any image with Python 3.12 or newer whose `python` and `pip` come
# first on PATH: the official one by default; on a machine with no registry,
# scripts/compose-smoke.sh builds a stand-in from Debian (docs/deploy.md).
ARG BASE=python:3.12-slim
FROM ${BASE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The app runs unprivileged. The code stays owned by root (read-only for the
# app); only var/ (local state when no server is configured) is writable.
RUN useradd --system --create-home --uid 10001 --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies before the code, so that a code change reuses this layer.
# --require-hashes: install exactly what requirements.lock pins, nothing else.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .

# Static files are collected into the image at build time. The settings want
# a SECRET_KEY when DEBUG is off, so this one step gets a throwaway key; the
# real key comes from the environment at run time.
RUN SECRET_KEY=collectstatic-at-build-time-only-not-a-real-secret DEBUG=false ALLOWED_HOSTS='*' \
        python manage.py collectstatic --noinput \
    && mkdir -p var \
    && chown -R app: var

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "config/gunicorn.py"]
