"""Admins manage categories (create, rename, describe, reorder, archive, reopen); every change
is in the audit log; members cannot."""
import re

from sqlalchemy import select

from forum.audit.models import AuditEntry
from forum.discussion.models import Category
from forum.extensions import db
from tests import discussion_factories as df


def index_names(client):
    return re.findall(r'class="category-name" href="/c/\d+">([^<]+)</a>', client.get("/forum").get_data(as_text=True))


def audit_actions():
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_admin_creates_and_renames_a_category(admin_client):
    response = admin_client.post("/admin/categories/new", data={
        "name": "Psychiatry", "description": "Cases and psychopharmacology.", "reason": "launch"})
    assert response.status_code == 302
    assert index_names(admin_client) == ["Psychiatry"]
    category = db.session.scalars(select(Category)).one()
    response = admin_client.post(f"/admin/categories/{category.id}/edit", data={
        "name": "Psychiatry & psychology", "description": "Cases, psychopharmacology, therapy.",
        "reason": "wider"})
    assert response.status_code == 302
    page = admin_client.get("/forum").get_data(as_text=True)
    assert "Psychiatry &amp; psychology" in page and "Cases, psychopharmacology, therapy." in page
    assert audit_actions() == ["category.create", "category.update"]
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    assert entry.reason == "launch" and entry.target_label == "Psychiatry"


def test_duplicate_or_empty_names_are_refused(admin_client):
    df.make_category("Pediatrics")
    db.session.commit()
    response = admin_client.post("/admin/categories/new", data={"name": "pediatrics", "reason": "new"})
    assert response.status_code == 400
    assert "A category named “pediatrics” already exists." in response.get_data(as_text=True)
    df.make_category("Ärzte-Forum")
    db.session.commit()
    response = admin_client.post("/admin/categories/new", data={"name": "ärzte-forum", "reason": "new"})
    assert response.status_code == 400
    assert "A category named “ärzte-forum” already exists." in response.get_data(as_text=True)
    response = admin_client.post("/admin/categories/new", data={"name": " ", "reason": "new"})
    assert response.status_code == 400
    assert "Give a name of at least 2 characters." in response.get_data(as_text=True)
    assert audit_actions() == []


def test_admin_reorders_categories(admin_client):
    first, second, third = (df.make_category(n) for n in ("First", "Second", "Third"))
    db.session.commit()
    assert admin_client.post(f"/admin/categories/{third.id}/move",
                             data={"direction": "up", "reason": "busier"}).status_code == 302
    assert index_names(admin_client) == ["First", "Third", "Second"]
    admin_client.post(f"/admin/categories/{first.id}/move", data={"direction": "down", "reason": "quieter"})
    assert index_names(admin_client) == ["Third", "First", "Second"]
    assert audit_actions() == ["category.move", "category.move"]
    assert admin_client.post(f"/admin/categories/{first.id}/move",
                             data={"direction": "sideways", "reason": "x"}).status_code == 400


def test_archive_needs_a_reason_and_makes_the_category_read_only(admin_client):
    category = df.make_category("Announcements 2025")
    db.session.commit()
    refused = admin_client.post(f"/admin/categories/{category.id}/archive", data={"reason": ""})
    assert refused.status_code == 400
    assert 'id="reason-{}-error"><li>Give a reason'.format(category.id) in refused.get_data(as_text=True)
    assert admin_client.post(f"/admin/categories/{category.id}/archive", data={"reason": "old"}).status_code == 302
    page = admin_client.get(f"/c/{category.id}").get_data(as_text=True)
    assert "This category is archived: it is read-only." in page and "Start a thread here" not in page
    assert admin_client.post(f"/admin/categories/{category.id}/archive", data={"reason": "again"}).status_code == 409
    assert admin_client.post(f"/admin/categories/{category.id}/restore", data={"reason": "reopen"}).status_code == 302
    assert audit_actions() == ["category.archive", "category.restore"]


def test_every_category_change_needs_a_reason_beside_its_field(admin_client):
    first, second = df.make_category("First"), df.make_category("Second")
    db.session.commit()
    for data in ({"name": "Dermatology", "description": "Skin"},
                 {"name": "Dermatology", "description": "Skin", "reason": " \t "}):
        refused = admin_client.post("/admin/categories/new", data=data)
        assert refused.status_code == 400
        assert 'id="reason-error"' in refused.get_data(as_text=True)
        assert "Give a reason: it is recorded in the audit log." in refused.get_data(as_text=True)
        refused = admin_client.post(f"/admin/categories/{first.id}/edit", data=data)
        assert refused.status_code == 400 and 'id="reason-error"' in refused.get_data(as_text=True)
    refused = admin_client.post(f"/admin/categories/{second.id}/move", data={"direction": "up"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert f'id="move-reason-{second.id}-error"><li>Give a reason' in page
    assert index_names(admin_client) == ["First", "Second"] and audit_actions() == []
    assert db.session.scalar(select(db.func.count()).select_from(Category)) == 2


def test_archived_categories_are_not_offered_in_the_composer(admin_client):
    df.make_category("Open one")
    df.make_category("Closed one", archived=True)
    db.session.commit()
    page = admin_client.get("/threads/new").get_data(as_text=True)
    assert ">Open one</option>" in page and "Closed one" not in page


def test_members_cannot_manage_categories(member_client):
    category = df.make_category("Untouchable")
    db.session.commit()
    assert member_client.get("/admin/categories").status_code == 403
    assert member_client.post("/admin/categories/new", data={"name": "Mine"}).status_code == 403
    assert member_client.post(f"/admin/categories/{category.id}/archive", data={"reason": "x"}).status_code == 403
    assert index_names(member_client) == ["Untouchable"] and "Manage categories" not in member_client.get("/forum").get_data(as_text=True)


def test_the_composer_says_when_there_is_no_open_category(member_client, admin_client):
    """A fresh deployment has no category: the composer says so above its form (an admin gets
    the link to create one) rather than leaving a select with nothing to choose unexplained. The
    form stays, so words sent into a category archived meanwhile still come back."""
    df.make_category("Old ward", archived=True)
    db.session.commit()
    page = member_client.get("/threads/new").get_data(as_text=True)
    assert "There is no open category to post in yet." in page and "An admin has to create one first." in page
    assert "/admin/categories/new" not in page
    page = admin_client.get("/threads/new").get_data(as_text=True)
    assert 'href="/admin/categories/new">Create the first category</a>' in page

    df.make_category("Cardiology")
    db.session.commit()
    page = member_client.get("/threads/new").get_data(as_text=True)
    assert "There is no open category" not in page and "Cardiology" in page
