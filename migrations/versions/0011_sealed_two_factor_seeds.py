"""Two-factor seeds stored sealed (AES-256-GCM under a key derived from FORUM_SECRET_KEY) in
two_factor_credential.sealed_secret instead of in clear in .secret: a copy of the database alone
no longer lets anyone compute members' codes.

Existing seeds are sealed here with the app's current secret key, so run the upgrade with the
same FORUM_SECRET_KEY the servers use. The downgrade opens them again (current key, then the
fallbacks).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26

"""
import base64
import os

from alembic import op
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# Frozen copy of forum.security.sealing's format and forum.auth.two_factor's context
# (migrations import no app code).
PREFIX = "v1."
PURPOSE = b"curbside sealed value v1"


def _aead(secret_key):
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE)
                  .derive(secret_key.encode()))


def _context(user_id):
    return f"two-factor seed of user {user_id}".encode()


def _seal(aead, seed, user_id):
    nonce = os.urandom(12)
    return PREFIX + base64.urlsafe_b64encode(nonce + aead.encrypt(nonce, seed.encode(), _context(user_id))).decode()


def _unseal(aeads, token, user_id):
    raw = base64.urlsafe_b64decode(token[len(PREFIX):].encode())
    for aead in aeads:
        try:
            return aead.decrypt(raw[:12], raw[12:], _context(user_id)).decode()
        except InvalidTag:
            continue
    raise RuntimeError(f"The two-factor seed of user {user_id} does not open with FORUM_SECRET_KEY "
                       "or FORUM_SECRET_KEY_FALLBACKS: run the downgrade with the key it was sealed under.")


def _table(column):
    return sa.table('two_factor_credential', sa.column('user_id', sa.Integer), sa.column(column, sa.String))


def upgrade():
    with op.batch_alter_table('two_factor_credential', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_secret', sa.String(length=160), nullable=True))
    bind = op.get_bind()
    credentials = _table('secret')
    sealed = _table('sealed_secret')
    aead = _aead(current_app.config["SECRET_KEY"])
    for user_id, seed in bind.execute(sa.select(credentials.c.user_id, credentials.c.secret)).all():
        bind.execute(sa.update(sealed).where(sealed.c.user_id == user_id)
                     .values(sealed_secret=_seal(aead, seed, user_id)))
    with op.batch_alter_table('two_factor_credential', schema=None) as batch_op:
        batch_op.alter_column('sealed_secret', existing_type=sa.String(length=160), nullable=False)
        batch_op.drop_column('secret')


def downgrade():
    with op.batch_alter_table('two_factor_credential', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    sealed = _table('sealed_secret')
    credentials = _table('secret')
    config = current_app.config
    aeads = [_aead(key) for key in [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]]
    for user_id, token in bind.execute(sa.select(sealed.c.user_id, sealed.c.sealed_secret)).all():
        bind.execute(sa.update(credentials).where(credentials.c.user_id == user_id)
                     .values(secret=_unseal(aeads, token, user_id)))
    with op.batch_alter_table('two_factor_credential', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('sealed_secret')
