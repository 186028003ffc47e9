"""Reading the forum: the category index, thread lists, a thread's pages, post permalinks and
member profiles. The composer and admin routes live in composer_views and admin_views, on the
same blueprint (imported here so registering `bp` registers them all)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.discussion import admin_views, draft_views  # noqa: F401  (register their routes on bp)
from forum.discussion import composer_views, directory, forms, post_fragments, queries
from forum.discussion.blueprint import bp
from forum.discussion.models import NotificationLevel, PostStatus
from forum.discussion.services import answers, category_watching, helpful, profiles, reading
from forum.extensions import db
from forum.registry import specialties
from forum.security.permissions import can_view_held_post
from forum.timeutil import utcnow


@bp.route("/forum")
def index():
    return render_template("discussion/index.html", rows=queries.category_index())


@bp.route("/forum/latest")
def list_latest():
    page = queries.thread_list(current_user, before=request.args.get("before"),
                               after=request.args.get("after"))
    return render_template("discussion/latest.html", page=page)


@bp.route("/forum/unread")
def list_unread():
    shown_at = utcnow()  # before the list is read: Dismiss marks read what it could show
    page = queries.thread_list(current_user, before=request.args.get("before"),
                               after=request.args.get("after"), only="unread")
    return render_template("discussion/unread.html", page=page, shown_at=reading.encode_shown_at(shown_at))


@bp.route("/forum/new")
def list_new():
    page = queries.thread_list(current_user, before=request.args.get("before"),
                               after=request.args.get("after"), only="new")
    return render_template("discussion/new_threads.html", page=page, days=queries.NEW_DAYS)


@bp.route("/forum/open-cases")
def list_open_cases():
    page = queries.thread_list(current_user, before=request.args.get("before"),
                               after=request.args.get("after"), only="open_cases")
    return render_template("discussion/open_cases.html", page=page)


@bp.route("/forum/bookmarks")
def list_bookmarks():
    page = queries.thread_list(current_user, before=request.args.get("before"),
                               after=request.args.get("after"), only="bookmarks")
    return render_template("discussion/bookmarks.html", page=page)


@bp.route("/t/<int:thread_id>/bookmark", methods=["POST"])
def bookmark_thread(thread_id):
    """Bookmark a thread or take the bookmark away, then back to the page it was set on."""
    thread, _ = queries.get_readable_thread_or_404(current_user, thread_id)
    saved = request.form.get("saved") == "yes"
    reading.set_bookmark(current_user, thread, saved)
    db.session.commit()
    flash(f"“{thread.title}” is in your bookmarks." if saved
          else f"“{thread.title}” is no longer bookmarked.", "success")
    page = request.form.get("page", 1, type=int)
    page = page if 1 < page <= queries.page_count(thread) else None
    return redirect(url_for("discussion.show_thread", thread_id=thread.id, page=page))


@bp.route("/forum/unread/dismiss", methods=["POST"])
def dismiss_unread():
    """Mark read what the Unread list showed; posts written since stay unread (CSRFProtect has
    checked the form's token)."""
    shown_at = reading.decode_shown_at(request.form.get("shown_at"))
    if shown_at is None:
        flash("Nothing was marked as read: that form did not say when the list was shown. "
              "Here is the list as it stands now.", "warning")
        return redirect(url_for("discussion.list_unread"))
    count = reading.dismiss_unread(current_user, shown_at)
    db.session.commit()
    flash(f"{count:,} thread{'s' if count != 1 else ''} marked as read." if count
          else "There was nothing unread to dismiss.", "success")
    return redirect(url_for("discussion.list_unread"))


@bp.route("/c/<int:category_id>")
def show_category(category_id):
    category = queries.get_category_or_404(category_id)
    page = queries.thread_list(current_user, category, before=request.args.get("before"),
                               after=request.args.get("after"))
    return render_template("discussion/category.html", category=category, page=page,
                           watching=category_watching.is_watching(current_user, category))


@bp.route("/c/<int:category_id>/watch", methods=["POST"])
def watch_category(category_id):
    """Start or stop hearing of the category's new threads (CSRFProtect checked the token)."""
    category = queries.get_category_or_404(category_id)
    if request.form.get("watch") == "yes":
        category_watching.watch(current_user, category)
        message = f"You will be told of every new thread in “{category.name}”."
    else:
        category_watching.unwatch(current_user, category)
        message = f"You no longer hear of new threads in “{category.name}”."
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("discussion.show_category", category_id=category.id))


@bp.route("/t/<int:thread_id>")
def show_thread(thread_id):
    """One page of posts. The page is rendered before the read marker moves (a commit would
    expire what the template shows), so the reader still sees which posts are new."""
    thread, unpublished = queries.get_readable_thread_or_404(current_user, thread_id)
    page = request.args.get("page", 1, type=int)
    pages = queries.page_count(thread)
    if not 1 <= page <= pages:
        abort(404)
    posts = queries.thread_posts(thread, page, viewer=current_user)
    last_read, level, bookmarked = queries.reader_state(current_user, thread)
    articles = post_fragments.articles_for(current_user._get_current_object(), thread, posts,
                                           last_read)
    html = render_template("discussion/thread.html", thread=thread, posts=posts, articles=articles,
                           page=page, pages=pages, unpublished=unpublished, level=level,
                           bookmarked=bookmarked,
                           levels=NotificationLevel)
    shown = posts[-1].number if posts else 0
    if page == pages:
        # Posts numbered after the last one shown are posts this reader may not see (held for
        # moderator review): the reader has read all there is, or the thread stays unread.
        shown = max(shown, thread.post_count)
    if shown > (last_read or 0):
        reading.mark_read(current_user, thread, shown)
        db.session.commit()
    return html


@bp.route("/t/<int:thread_id>/unread")
def first_unread(thread_id):
    """Where "N unread" leads: the page holding the first post this reader has not read yet,
    at that post; with nothing left unread, the thread's last page."""
    thread, _ = queries.get_readable_thread_or_404(current_user, thread_id)
    number = queries.first_unread_number(current_user, thread,
                                         queries.read_marker(current_user, thread))
    if number is None:
        pages = queries.page_count(thread)
        return redirect(url_for("discussion.show_thread", thread_id=thread.id,
                                page=pages if pages > 1 else None))
    page = queries.page_of_number(number)
    return redirect(url_for("discussion.show_thread", thread_id=thread.id,
                            page=page if page > 1 else None, _anchor=f"post-{number}"))


LEVEL_SET = {
    NotificationLevel.WATCHING: "You are watching “{title}”: every reply will notify you.",
    NotificationLevel.NORMAL: "Notifications for “{title}” are back to normal.",
    NotificationLevel.MUTED: "“{title}” is muted: only mentions and quotes of you will notify you.",
}


@bp.route("/t/<int:thread_id>/notifications", methods=["POST"])
def set_thread_notifications(thread_id):
    """Watch, mute or unmute a thread (NotificationLevel), then back to the page it was set on."""
    thread, _ = queries.get_readable_thread_or_404(current_user, thread_id)
    level = request.form.get("level", "")
    reading.set_notification_level(current_user, thread, level)
    db.session.commit()
    flash(LEVEL_SET[level].format(title=thread.title), "success")
    page = request.form.get("page", 1, type=int)
    page = page if 1 < page <= queries.page_count(thread) else None
    return redirect(url_for("discussion.show_thread", thread_id=thread.id, page=page))


@bp.route("/posts/<int:post_id>")
def show_post(post_id):
    """Permalink: the thread page that holds the post, at the post (a 404 for a held post,
    or a post of a thread waiting for review, except to its author and moderators)."""
    return redirect(composer_views.post_url(_readable_post_or_404(post_id)))


def _readable_post_or_404(post_id):
    """The post, if the member may read it where it stands: a held post only for its author
    and moderators, and only in a thread the member may see; else a 404 (never a 403 that
    would confirm it exists)."""
    post = queries.get_post_or_404(post_id)
    if post.status == PostStatus.HELD and not can_view_held_post(current_user, post):
        abort(404)
    queries.get_readable_thread_or_404(current_user, post.thread_id)
    return post


@bp.route("/posts/<int:post_id>/helpful", methods=["POST"])
def mark_helpful(post_id):
    """Mark a colleague's post helpful, or take the mark back (`helpful` yes or no; CSRFProtect
    checked the token), then back to the post. A post or thread the member may not read is a
    404, as on its permalink; the service refuses the rest (403, 409)."""
    post = _readable_post_or_404(post_id)
    marked = request.form.get("helpful") == "yes"
    helpful.set_helpful(current_user, post, marked)
    db.session.commit()
    flash(f"You marked post #{post.number} by {post.author.full_name} helpful." if marked
          else f"Your helpful mark on post #{post.number} is taken back.", "success")
    return redirect(composer_views.post_url(post))


@bp.route("/posts/<int:post_id>/answer", methods=["POST"])
def mark_answer(post_id):
    """The case's author marks a reply as its answer, or takes the mark off (`answer` yes or
    no; CSRFProtect checked the token), then back to the reply. A post or thread the member may
    not read is a 404; the service refuses the rest (403, 409)."""
    post = _readable_post_or_404(post_id)
    if request.form.get("answer") == "yes":
        changed = answers.accept_answer(current_user, post)
        message = (f"Post #{post.number} by {post.author.full_name} is marked as the answer." if changed
                   else f"Post #{post.number} already is the answer.")
    else:
        changed = answers.unmark_answer(current_user, post)
        message = (f"Post #{post.number} is no longer marked as the answer." if changed
                   else f"Post #{post.number} is not the answer: nothing was changed.")
    db.session.commit()
    flash(message, "success" if changed else "info")
    return redirect(composer_views.post_url(post))


@bp.route("/members")
def member_directory():
    form = forms.DirectoryForm(formdata=request.args)
    form.set_specialties(specialties.choices())
    if request.args and not form.validate():
        return render_template("discussion/directory.html", form=form, found=None), 400
    found = directory.find_members(form.q.data or "", form.specialty.data or None,
                                   request.args.get("page", 1, type=int) or 1)
    return render_template("discussion/directory.html", form=form, found=found)


@bp.route("/members/<handle>/posts")
def list_member_posts(handle):
    member = queries.get_member_or_404(handle)
    return render_template("discussion/member_posts.html", member=member,
                           page=queries.member_posts(member, current_user, request.args.get("before")))


@bp.route("/members/<handle>")
def show_profile(handle):
    member = queries.get_member_or_404(handle)
    return render_template(
        "discussion/profile.html", member=member, standing=profiles.standing_disclosure_of(member),
        threads=queries.recent_threads(member, viewer=current_user),
        posts=queries.recent_posts(member, viewer=current_user),
        helpful_received=queries.helpful_received(member, viewer=current_user))
