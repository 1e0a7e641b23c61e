from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_it_reports_the_database_as_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
