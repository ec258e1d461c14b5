from pathlib import Path

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.views import healthz
from news import feeds
from news import views as news_views
from news.abstrak import abstrak_pdf
from news.api import api_router
from news.jdih import jdih_feed
from users.sessions import logout_view

urlpatterns = [
    # Before Wagtail's admin: its workflow report, without a query per row (sop_workflow/report_urls.py).
    path("admin/reports/", include("sop_workflow.report_urls")),
    # Logout: GET asks to confirm, POST ends the session on the server (users/sessions.py).
    path("admin/logout/", logout_view, name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    path("cari/", news_views.search, name="search"),
    # Open data: feeds, the JDIH integration feed, the JSON API, sitemap and robots.txt
    path("feed/rss.xml", feeds.PublikasiFeed(), name="feed_rss"),
    path("feed/atom.xml", feeds.PublikasiAtomFeed(), name="feed_atom"),
    path("feed/berita/rss.xml", feeds.BeritaFeed(), name="feed_berita_rss"),
    path("feed/berita/atom.xml", feeds.BeritaAtomFeed(), name="feed_berita_atom"),
    path("feed/pengumuman/rss.xml", feeds.PengumumanFeed(), name="feed_pengumuman_rss"),
    path("feed/pengumuman/atom.xml", feeds.PengumumanAtomFeed(), name="feed_pengumuman_atom"),
    path("jdih/feed.json", jdih_feed, name="jdih_feed"),
    # A Peraturan's abstract (Permenkumham 8/2019), the feed's urlAbstrak (news/abstrak.py).
    path("jdih/abstrak/<int:page_id>.pdf", abstrak_pdf, name="jdih_abstrak"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", news_views.robots_txt, name="robots_txt"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says.
    path("favicon.ico", news_views.favicon, name="favicon"),
    path("healthz", healthz, name="healthz"),
]

# A database that cannot be reached gives a 503 page, anything else the 500 page (home/views.py).
handler500 = "home.views.server_error"
# Malformed input (a rich-text field that is not the editor's JSON...): 400 with its message.
handler400 = "home.bad_input.bad_request"

if settings.DEBUG:
    # Uploaded media under `make run`, as nginx serves them (docs/deploy.md): the renditions of
    # images only. Documents go through /dokumen/ (home/file_privacy.py) and originals of images
    # are never served, so that a draft's files are not reachable before publication.
    from django.views.static import serve as serve_media

    urlpatterns += [
        path(
            settings.MEDIA_URL.lstrip("/") + "images/<path:path>",
            serve_media,
            {"document_root": Path(settings.MEDIA_ROOT) / "images"},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
