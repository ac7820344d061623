# The portal's image: web (gunicorn), Celery worker and beat run from it with
# different commands (see docker-compose.yml). Python 3.11 as in development.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext for compilemessages; pango, harfbuzz and DejaVu fonts for weasyprint
# (certificates and reports render Kyrgyz and Russian to PDF); the PostgreSQL 15
# client (pg_dump, pg_restore) for backups (python -m portal.backup)
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gettext fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system portal \
    && useradd --system --gid portal --home-dir /app --shell /usr/sbin/nologin portal

WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install -r requirements.lock

COPY . .

# Translations and static files are part of the image. The build needs no
# database or Redis: settings only read their URLs.
RUN DJANGO_DEBUG=false python manage.py compilemessages -v0 \
    && DJANGO_DEBUG=false python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/media /var/lib/celerybeat \
    && chown -R portal:portal /app/media /var/lib/celerybeat

USER portal
ENV DJANGO_DEBUG=false \
    MEDIA_ROOT=/app/media
EXPOSE 8000

CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
