"""Image links rule: links to images and photo hosts; links to articles left alone."""
import pytest

from forum.privacy.rules.image_links import RULE


@pytest.mark.parametrize("text, expected", [
    ("the rash: https://i.imgur.com/Qm3rT9x.jpg - EM?", "https://i.imgur.com/Qm3rT9x.jpg"),
    ("ulcer photos: https://photos.app.goo.gl/8XkP2qLmZ4 - PG?", "https://photos.app.goo.gl/8XkP2qLmZ4"),
    ("ECG here: https://www.dropbox.com/s/abc123/ecg.HEIC?dl=0", "https://www.dropbox.com/s/abc123/ecg.HEIC?dl=0"),
    ("album https://www.flickr.com/photos/derm-cases/53210987 - worried",
     "https://www.flickr.com/photos/derm-cases/53210987"),
    ("Posted the CXR at imgur.com/a/Xy12Ab, tell me", "imgur.com/a/Xy12Ab"),
    ("see (https://example.org/figure.png).", "https://example.org/figure.png"),
    ("Clinical photo <https://i.redd.it/x7y8z9.png>", "https://i.redd.it/x7y8z9.png"),
    ("See https://example.org/uploads/images/lesion-front", "https://example.org/uploads/images/lesion-front"),
    ("www.instagram.com/p/Cx12Ab34/", "www.instagram.com/p/Cx12Ab34/"),
])
def test_flags_links_to_images(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "https://www.nejm.org/doi/full/10.1056/NEJMoa2007764 is the paper.",
    "https://pubmed.ncbi.nlm.nih.gov/32678530/ and https://doi.org/10.1001/jama.2020.1",
    "The photo IMG_2034.jpg was never uploaded.",
    "The photos were taken with consent but not shared.",
])
def test_leaves_article_links_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Photo: https://drive.google.com/file/d/1AbCdEfGh/view", "https://drive.google.com/file/d/1AbCdEfGh/view"),
    ("scan at dropbox.com/s/abc/scan.pdf", "dropbox.com/s/abc/scan.pdf"),
])
def test_flags_files_shared_from_personal_storage(text, expected):
    assert RULE.texts(text) == [expected]


def test_leaves_a_shared_folder_of_guidelines_alone():
    assert RULE.texts("guidelines at https://drive.google.com/drive/folders/abc") == []


@pytest.mark.parametrize("text, expected", [
    ("wound photos at my-album.imgur.com/a/x9", "my-album.imgur.com/a/x9"),
    # Host labels that end a line still belong to the link ("$" matches before a final new line).
    ("wound photos at my-album.\nimgur.com/a/x9", "my-album.\nimgur.com/a/x9"),
    ("photos:\nimgur.com/a/x9", "imgur.com/a/x9"),
    ("photos at a.b-c.d_e.imgur.com/a/x9", "a.b-c.d_e.imgur.com/a/x9"),
])
def test_flags_a_bare_link_from_the_labels_before_its_host(text, expected):
    assert RULE.texts(text) == [expected]
