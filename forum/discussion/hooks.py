"""Where the discussion core hands posts to search and notifications (one seam, same
transaction: the called services flush and never commit)."""
from forum.notifications.services import (notify_edited_post, notify_helpful, notify_new_post,
                                          withdraw_helpful)
from forum.search.services import index_post, remove_post


def post_created(post, mentioned_users, quoted_post_ids):
    index_post(post)
    notify_new_post(post, mentioned_users, quoted_post_ids)


def post_edited(post, mentioned_users, quoted_post_ids):
    index_post(post)
    notify_edited_post(post, mentioned_users, quoted_post_ids)


def post_deleted(post):
    remove_post(post)


def post_marked_helpful(post, marker):
    notify_helpful(post, marker)


def post_unmarked_helpful(post, marker):
    withdraw_helpful(post, marker)
