"""The posts of a thread page as light, read-only rows instead of ORM objects.

A thread page reads 20 posts and their authors on every view, and making ORM objects of them
cost three times the query. These rows carry the columns the page, the access predicates and
the post templates read, under the same names, and the same state properties as the model
(PostState), so the access predicates answer them exactly as they answer a Post. They are never written.
"""
from sqlalchemy import bindparam, select

from forum.auth.models import Role, User
from forum.discussion.models import HelpfulMark, Post, PostState

POST_COLUMNS = ("id", "thread_id", "author_id", "number", "body_html", "created_at", "edited_at",
                "deleted_at", "status", "disclosure", "removal_category", "redacted_at",
                "helpful_count")
# Read in the same statement: whether the reader (the `viewer_id` parameter) marked the post
# helpful, one probe of helpful_mark's primary key per post.
READER_COLUMNS = ("marked",)
AUTHOR_COLUMNS = ("id", "handle", "full_name", "role", "state", "suspended_until", "registry_code",
                  "specialty", "jurisdiction", "verified_at")


class PageAuthor:
    """What an author block shows of a member."""

    __slots__ = AUTHOR_COLUMNS

    def __init__(self, values):
        for name, value in zip(AUTHOR_COLUMNS, values):
            setattr(self, name, value)

    @property
    def role_label(self):
        return Role.label(self.role)


class PagePost(PostState):
    """A post as a thread page shows it; `citations` is set only when its article is rendered."""

    __slots__ = (*POST_COLUMNS, *READER_COLUMNS, "author", "thread", "citations")

    def __init__(self, values, author, thread):
        for name, value in zip(POST_COLUMNS + READER_COLUMNS, values):
            setattr(self, name, value)
        self.author, self.thread, self.citations = author, thread, ()


def selected_columns():
    """The columns to SELECT, in the order page_posts reads them."""
    post, user, mark = Post.__table__.c, User.__table__.c, HelpfulMark.__table__.c
    marked = (select(mark.post_id).where(mark.post_id == post.id,
                                         mark.user_id == bindparam("viewer_id"))
              .exists().label("marked"))
    return ([post[name] for name in POST_COLUMNS] + [marked]
            + [user[name] for name in AUTHOR_COLUMNS])


def page_posts(rows, thread) -> list[PagePost]:
    """Rows of selected_columns() as PagePosts, one PageAuthor per member."""
    authors, posts, split = {}, [], len(POST_COLUMNS) + len(READER_COLUMNS)
    for row in rows:
        author_values = row[split:]
        author = authors.get(author_values[0])
        if author is None:
            author = authors[author_values[0]] = PageAuthor(author_values)
        posts.append(PagePost(row[:split], author, thread))
    return posts
