# ruff: noqa: E501 - long literal data (JS, copy, outlet lists) reads better unwrapped
"""Generated page chrome: stylesheets, ad and analytics scripts, filler headlines, comments.

Real outlet pages are 100-150 KB of which the story is a few KB; the rest is CSS, ad slot set-up,
tracking code and menus. An extractor measured on bare pages would look far better than it is,
so every page carries comparable (deterministic, self-written) weight.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from functools import lru_cache

from newssite.outlets import Outlet


def rng(*parts: object) -> random.Random:
    """A random generator seeded from `parts`, so every page renders the same bytes each time."""
    seed = hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))


# ----------------------------------------------------------------------------------------------
# CSS

_CLASS_PREFIX = {
    "antara": "",
    "kompas": "",
    "detik": "",
    "tribun": "",
    "wordpress": "wp-",
}
_SIDES = {"t": "top", "b": "bottom", "l": "left", "r": "right"}


@lru_cache(maxsize=256)
def stylesheet(family: str, color: str) -> str:
    """A compact site stylesheet: resets, grid, utility classes and components of the family."""
    p = _CLASS_PREFIX.get(family, "")
    out: list[str] = [
        "*,*::before,*::after{box-sizing:border-box}",
        "html{-webkit-text-size-adjust:100%;font-size:16px}",
        "body{margin:0;font-family:'Roboto','Helvetica Neue',Arial,sans-serif;color:#222;"
        "background:#fff;line-height:1.6}",
        "a{color:inherit;text-decoration:none}a:hover{color:" + color + "}",
        "img{max-width:100%;height:auto;border:0}",
        "ul,ol{margin:0;padding:0;list-style:none}",
        "h1,h2,h3,h4,h5,h6{margin:0 0 .5em;line-height:1.25;font-weight:700}",
        ".clearfix::after,.cl::after,.cl2::after{content:'';display:table;clear:both}",
        ".fl{float:left}.fr{float:right}.hide{display:none!important}.ovh{overflow:hidden}",
        ".pos_rel{position:relative}.pos_abs{position:absolute}.dip{display:inline-block}",
        f".brand-color{{color:{color}}}.brand-bg{{background:{color};color:#fff}}",
    ]
    for n in range(0, 61, 5):
        for short, side in _SIDES.items():
            out.append(
                f".{p}m{short}{n}{{margin-{side}:{n}px}}.{p}p{short}{n}{{padding-{side}:{n}px}}"
            )
        out.append(f".{p}ma{n}{{margin:{n}px}}.{p}pa{n}{{padding:{n}px}}")
    for n in range(9, 52):
        out.append(f".{p}f{n}{{font-size:{n}px}}.{p}ln{n}{{line-height:{n + 4}px}}")
    for cols in (10, 12):
        for i in range(1, cols + 1):
            width = round(100 * i / cols, 4)
            out.append(f".col-bs{cols}-{i}{{float:left;width:{width}%;padding:0 10px}}")
            out.append(f".col-offset-{cols}-{i}{{margin-left:{width}%}}")
    for bp in (480, 640, 768, 1024, 1200):
        rules = " ".join(
            f".{name}-{bp}{{display:{display}!important}}"
            for name, display in (("show", "block"), ("hide", "none"), ("flex", "flex"))
        )
        out.append(
            f"@media (max-width:{bp}px){{{rules} .container{{max-width:{bp - 20}px}}}}"
        )
    for shade in range(0, 256, 17):
        hexv = f"{shade:02x}" * 3
        out.append(f".c{hexv}{{color:#{hexv}}}.bg{hexv}{{background-color:#{hexv}}}")
    for name in _COMPONENTS[family]:
        r = rng(family, name)
        props = [
            f"margin:{r.choice([0, 4, 8, 10, 16, 20])}px {r.choice([0, 'auto', 10])}",
            f"padding:{r.choice([0, 5, 8, 10, 15])}px {r.choice([0, 10, 15, 20])}px",
            f"font-size:{r.choice([12, 13, 14, 15, 16, 18, 20, 24])}px",
            f"color:#{r.randrange(0x222222, 0x666666):06x}",
            f"border-bottom:1px solid #{r.randrange(0xDDDDDD, 0xF0F0F0):06x}",
        ]
        r.shuffle(props)
        out.append(f".{name}{{{';'.join(props[: r.randint(2, 5)])}}}")
        out.append(f".{name}:hover,.{name}:focus{{opacity:.85;color:{color}}}")
        out.append(
            f".{name}--active,.{name}.active{{font-weight:700;border-color:{color}}}"
        )
    out.append(
        "@keyframes ticker{0%{transform:translateX(100%)}100%{transform:translateX(-100%)}}"
        ".ticker__track{display:inline-block;white-space:nowrap;animation:ticker 60s linear infinite}"
    )
    return "\n".join(out)


_COMPONENTS: dict[str, list[str]] = {
    "antara": [
        "topbar",
        "topbar__date",
        "navbar",
        "navbar-nav",
        "nav-item",
        "nav-link",
        "dropdown-menu",
        "dropdown-item",
        "breaking-news",
        "breaking-news__label",
        "wrap__article-detail",
        "wrap__article-detail-title",
        "wrap__article-detail-info",
        "wrap__article-detail-image",
        "wrap__article-detail-content",
        "post-content",
        "baca-juga",
        "text-muted",
        "blog-tags",
        "list-inline",
        "list-inline-item",
        "card__post",
        "card__post__title",
        "card__post__author-info",
        "wrapper__list-number",
        "sidebar-section",
        "footer",
        "footer__widget",
        "footer__bottom",
        "widget__title",
        "antara-network",
        "share-links",
        "wp-caption-text",
        "ads-box",
        "ads-728",
        "ads-300",
        "pagination",
        "page-item",
        "page-link",
        "breadcrumb",
        "breadcrumb-item",
        "latest-news",
        "terpopuler",
    ],
    "kompas": [
        "header",
        "header__wrap",
        "network",
        "network__wrap",
        "nav",
        "nav__wrap",
        "nav__row",
        "nav__item",
        "nav__link",
        "nav__sub",
        "nav__subitem",
        "nav__sublink",
        "breaking",
        "breaking__title",
        "read__title",
        "read__header",
        "read__time",
        "read__credit",
        "read__credit__item",
        "read__article",
        "read__content",
        "read__paging",
        "paging",
        "paging__wrap",
        "paging__item",
        "paging__link",
        "paging__teaser",
        "read__tagging",
        "tag__article__wrap",
        "tag__article__item",
        "tag__article__link",
        "photo",
        "photo__wrap",
        "photo__caption",
        "photo__author",
        "ads-on-body",
        "kcm",
        "kcm__top",
        "kcm__tower",
        "most",
        "most__list",
        "most__item",
        "most__link",
        "most__title",
        "latest",
        "latest__item",
        "latest__link",
        "latest__title",
        "aTerkait",
        "aTerkait__list",
        "aTerkait__list__title",
        "footer",
        "footer__link",
        "credit",
        "credit-title",
        "credit-title-name",
        "inner-link-baca-juga",
        "inner-link-tag",
        "article__list",
        "article__title",
        "article__date",
        "breadcrumb",
        "breadcrumb__item",
    ],
    "detik": [
        "header",
        "header__top",
        "header__logo",
        "nav",
        "nav__item",
        "nav--network",
        "newsfeed",
        "newsfeed__item",
        "detail",
        "detail__header",
        "detail__title",
        "detail__author",
        "detail__label",
        "detail__date",
        "detail__media",
        "detail__media-image",
        "detail__media-caption",
        "detail__body",
        "detail__body-text",
        "detail__body-tag",
        "detail__share",
        "detail__newstag",
        "lihatjg",
        "linksisip",
        "parallaxindetail",
        "para_caption",
        "ads-scrollpage-container",
        "ads-scrollpage-box",
        "list-content",
        "list-content__item",
        "media",
        "media__title",
        "media__link",
        "media__date",
        "media__subtitle",
        "box",
        "box__title",
        "cb-mostpop",
        "footer",
        "footer__nav",
        "footer__copyright",
        "column-8",
        "column-4",
        "grid-row",
        "pagination",
        "pagination__item",
        "btn",
        "btn--sm",
        "skybanner",
        "sticky",
    ],
    "tribun": [
        "main-menu",
        "submenu",
        "menu-tribun",
        "breaking",
        "breaking-news-tribun",
        "hdtop",
        "side-article",
        "txt-article",
        "baca",
        "tagcloud3",
        "populer",
        "terkini",
        "art-list",
        "ln24",
        "fbo",
        "fbo2",
        "txt-oev-2",
        "txt-oev-3",
        "grey",
        "grey2",
        "timeago",
        "shou",
        "shou2",
        "bgwhite",
        "bgblue",
        "bggrey",
        "bggrey2",
        "rd2",
        "lsi",
        "lsihomeloc",
        "tnetwork",
        "tribun-video-pilihan",
        "wideskyscraper",
        "paging",
        "paging-item",
        "bdr",
        "bdr2",
        "bdr3",
        "mr110",
        "artohtitm",
        "f300",
        "f400",
        "f800",
        "crimson",
        "black2",
        "blue",
        "white",
        "footer-tribun",
        "ftlink",
    ],
    "wordpress": [
        "site-header",
        "site-branding",
        "site-title",
        "site-description",
        "main-navigation",
        "menu",
        "menu-item",
        "sub-menu",
        "ticker-wrap",
        "ticker-title",
        "site-content",
        "content-area",
        "site-main",
        "post",
        "entry-header",
        "entry-title",
        "entry-meta",
        "posted-on",
        "byline",
        "author",
        "vcard",
        "entry-date",
        "entry-content",
        "wp-block-image",
        "wp-element-caption",
        "sharedaddy",
        "sd-sharing",
        "share-facebook",
        "share-twitter",
        "share-whatsapp",
        "baca-juga-box",
        "entry-footer",
        "tags-links",
        "cat-links",
        "comments-area",
        "comment-list",
        "comment",
        "comment-body",
        "comment-author",
        "comment-metadata",
        "comment-content",
        "reply",
        "comment-respond",
        "widget-area",
        "widget",
        "widget-title",
        "recent-posts",
        "site-footer",
        "site-info",
        "nav-links",
        "nav-previous",
        "nav-next",
        "page-numbers",
        "archive-description",
    ],
}


# ----------------------------------------------------------------------------------------------
# Scripts


@lru_cache(maxsize=256)
def ad_script(outlet: Outlet, section: str, kind: str) -> str:
    """Google Publisher Tag set-up with the many slots a news page defines (self-written)."""
    network = 21_000_000 + sum(map(ord, outlet.key)) * 97
    unit = f"/{network}/{outlet.prefix.replace('-', '_')}/{kind}"
    slots = [
        ("billboard", "[[970, 250], [728, 90]]"), ("leaderboard", "[[728, 90]]"),
        ("skyscraper_left", "[[160, 600]]"), ("skyscraper_right", "[[160, 600]]"),
        ("mr1", "[[300, 250]]"), ("mr2", "[[300, 250], [300, 600]]"), ("mr3", "[[300, 250]]"),
        ("halfpage", "[[300, 600]]"), ("inarticle1", "[[336, 280], [300, 250], 'fluid']"),
        ("inarticle2", "[[336, 280], [300, 250]]"), ("parallax", "[[300, 600], [480, 600]]"),
        ("native1", "['fluid']"), ("native2", "['fluid']"), ("bottomframe", "[[970, 90]]"),
        ("interstitial", "[[1, 1]]"), ("newstag", "[[468, 60]]"), ("footer", "[[728, 90]]"),
        ("video_outstream", "[[1, 1]]"), ("sticky_bottom", "[[728, 90], [320, 50]]"),
    ]  # fmt: skip
    lines = [
        "window.googletag = window.googletag || {cmd: []};",
        "var gptSlots = [];",
        "googletag.cmd.push(function() {",
    ]
    for i, (name, sizes) in enumerate(slots):
        div_id = f"div-gpt-ad-{network}-{i}"
        lines.append(
            f"  gptSlots.push(googletag.defineSlot('{unit}/{name}', {sizes}, '{div_id}')"
            ".addService(googletag.pubads()));"
        )
        lines.append(
            f"  gptSlots[{i}].setTargeting('pos', '{name}').setTargeting('kanal', "
            f"{json.dumps(re.sub(r'[^a-z0-9]+', '_', section.lower()))});"
        )
    lines += [
        "  googletag.pubads().enableSingleRequest();",
        "  googletag.pubads().collapseEmptyDivs(true);",
        "  googletag.pubads().setCentering(true);",
        "  googletag.pubads().enableLazyLoad({fetchMarginPercent: 200, renderMarginPercent: 100,"
        " mobileScaling: 2.0});",
        f"  googletag.pubads().setTargeting('site', '{outlet.prefix}').setTargeting('type', "
        f"'{kind}');",
        "  googletag.enableServices();",
        "});",
    ]
    return "\n".join(lines)


def analytics_script(outlet: Outlet, page: dict[str, object]) -> str:
    """Tag-manager style data layer; `page` values are JSON-encoded and HTML-safe."""
    payload = json.dumps(page, ensure_ascii=False, sort_keys=True)
    payload = (
        payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    gtm = "GTM-" + hashlib.md5(outlet.key.encode()).hexdigest()[:7].upper()  # noqa: S324
    return f"""window.dataLayer = window.dataLayer || [];
window.dataLayer.push({payload});
(function(w, d, s, l, i) {{
  w[l] = w[l] || [];
  w[l].push({{'gtm.start': new Date().getTime(), event: 'gtm.js'}});
  var f = d.getElementsByTagName(s)[0], j = d.createElement(s), dl = l != 'dataLayer' ? '&l=' + l : '';
  j.async = true;
  j.src = 'https://www.googletagmanager.com/gtm.js?id=' + i + dl;
  f.parentNode.insertBefore(j, f);
}})(window, document, 'script', 'dataLayer', '{gtm}');
function gtag() {{ dataLayer.push(arguments); }}
gtag('js', new Date());
gtag('config', 'G-{gtm[4:]}PX', {{ 'send_page_view': true, 'cookie_flags': 'SameSite=None;Secure' }});"""


SITE_SCRIPT = r"""(function () {
  'use strict';
  // lazy images: swap data-src into src when the image nears the viewport
  var lazy = [].slice.call(document.querySelectorAll('img.lazyload, img.lozad'));
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        var img = entry.target;
        if (img.dataset.src) { img.src = img.dataset.src; }
        img.classList.remove('lazyload');
        io.unobserve(img);
      });
    }, { rootMargin: '200px 0px' });
    lazy.forEach(function (img) { io.observe(img); });
  } else {
    lazy.forEach(function (img) { if (img.dataset.src) { img.src = img.dataset.src; } });
  }
  // sticky header after scrolling past the masthead
  var header = document.querySelector('[data-sticky]');
  var lastY = 0;
  window.addEventListener('scroll', function () {
    var y = window.pageYOffset || document.documentElement.scrollTop;
    if (header) { header.classList.toggle('is-sticky', y > 120); header.classList.toggle('is-up', y < lastY); }
    lastY = y;
  }, { passive: true });
  // dropdown menus on touch devices
  [].forEach.call(document.querySelectorAll('[data-dropdown]'), function (item) {
    item.addEventListener('click', function (ev) {
      if (window.innerWidth > 1024) { return; }
      ev.preventDefault();
      item.classList.toggle('open');
    });
  });
  // share buttons open a small window
  [].forEach.call(document.querySelectorAll('[data-share]'), function (btn) {
    btn.addEventListener('click', function (ev) {
      ev.preventDefault();
      var url = encodeURIComponent(document.querySelector('link[rel=canonical]').href);
      var title = encodeURIComponent(document.title);
      var target = {
        facebook: 'https://www.facebook.com/sharer/sharer.php?u=' + url,
        twitter: 'https://twitter.com/intent/tweet?url=' + url + '&text=' + title,
        whatsapp: 'https://api.whatsapp.com/send?text=' + title + '%20' + url,
        telegram: 'https://t.me/share/url?url=' + url + '&text=' + title,
        line: 'https://social-plugins.line.me/lineit/share?url=' + url
      }[btn.getAttribute('data-share')];
      if (target) { window.open(target, 'share', 'width=600,height=480'); }
    });
  });
  // reading-time estimate shown next to the byline
  var body = document.querySelector('[data-article-body]');
  var slot = document.querySelector('[data-reading-time]');
  if (body && slot) {
    var words = (body.innerText || '').split(/\s+/).length;
    slot.textContent = Math.max(1, Math.round(words / 200)) + ' menit baca';
  }
  // font size switcher
  var size = parseInt(localStorage.getItem('fontSize') || '17', 10);
  function applySize() { if (body) { body.style.fontSize = size + 'px'; } }
  [].forEach.call(document.querySelectorAll('[data-font]'), function (btn) {
    btn.addEventListener('click', function () {
      size = Math.min(24, Math.max(13, size + (btn.getAttribute('data-font') === 'up' ? 1 : -1)));
      localStorage.setItem('fontSize', String(size));
      applySize();
    });
  });
  applySize();
  // consent banner
  if (!document.cookie.match(/consent=1/)) {
    var banner = document.getElementById('consent-banner');
    if (banner) {
      banner.style.display = 'block';
      banner.querySelector('button').addEventListener('click', function () {
        document.cookie = 'consent=1; max-age=31536000; path=/; SameSite=Lax';
        banner.style.display = 'none';
      });
    }
  }
})();"""

PUSH_SCRIPT = r"""(function (w, d) {
  // web push subscription prompt, asked once a week at most
  var key = 'push_prompt_at';
  var last = parseInt(w.localStorage.getItem(key) || '0', 10);
  if (!('Notification' in w) || Date.now() - last < 7 * 864e5) { return; }
  w.setTimeout(function () {
    var box = d.createElement('div');
    box.className = 'push-prompt';
    box.innerHTML = '<p>Dapatkan notifikasi berita terbaru?</p><button data-ok>Izinkan</button>' +
      '<button data-no>Nanti saja</button>';
    d.body.appendChild(box);
    box.addEventListener('click', function (ev) {
      if (ev.target.hasAttribute('data-ok')) { Notification.requestPermission(); }
      w.localStorage.setItem(key, String(Date.now()));
      box.parentNode.removeChild(box);
    });
  }, 15000);
})(window, document);"""


_ICONS = (
    "facebook", "twitter", "whatsapp", "telegram", "line", "instagram", "youtube", "tiktok",
    "search", "menu", "close", "arrow-left", "arrow-right", "arrow-up", "clock", "calendar",
    "user", "comment", "share", "copy-link", "bookmark", "play", "camera", "video", "home",
    "fire", "bell", "font-up", "font-down", "print", "mail", "location", "tag", "star",
    "chevron-down", "chevron-up", "external", "info", "warning", "live", "podcast", "gallery",
    "infographic", "chart", "weather", "sun", "moon", "globe", "phone", "download", "upload",
    "refresh", "filter", "grid", "list", "heart", "thumb-up", "eye", "lock", "settings",
)  # fmt: skip
SPRITE_ICONS = {"antara": 20, "kompas": 34, "detik": 50, "tribun": 36, "wordpress": 54}


@lru_cache(maxsize=256)
def svg_sprite(family: str) -> str:
    """Inline SVG icon sprite, the way news sites ship their icon sets inside the HTML."""
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" style="display:none" aria-hidden="true">'
    ]
    for name in _ICONS[: SPRITE_ICONS[family]]:
        r = rng("icon", family, name)
        x, y = r.uniform(2, 22), r.uniform(2, 22)
        d = [f"M{x:.3f} {y:.3f}"]
        for _ in range(r.randint(14, 22)):
            cmd = r.choice("CcLlSsQq")
            n = {"C": 3, "c": 3, "S": 2, "s": 2, "Q": 2, "q": 2, "L": 1, "l": 1}[cmd]
            pts = " ".join(
                f"{r.uniform(0, 24):.3f} {r.uniform(0, 24):.3f}" for _ in range(n)
            )
            d.append(f"{cmd}{pts}")
        d.append("z")
        out.append(
            f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path fill="currentColor" '
            f'd="{"".join(d)}"/></symbol>'
        )
    out.append("</svg>")
    return "\n".join(out)


@lru_cache(maxsize=256)
def trackers_script(outlet: Outlet) -> str:
    """Audience-measurement and pixel snippets most Indonesian news pages carry."""
    h = hashlib.sha256(outlet.key.encode()).hexdigest()
    return f"""var _comscore = _comscore || [];
_comscore.push({{ c1: "2", c2: "{int(h[:6], 16) % 9_000_000 + 1_000_000}", options: {{ enableFirstPartyCookie: true }} }});
(function () {{
  var s = document.createElement("script"), el = document.getElementsByTagName("script")[0];
  s.async = true;
  s.src = "https://sb.scorecardresearch.com/cs/{int(h[6:12], 16) % 9_000_000}/beacon.js";
  el.parentNode.insertBefore(s, el);
}})();
!function (f, b, e, v, n, t, s) {{
  if (f.fbq) return; n = f.fbq = function () {{ n.callMethod ? n.callMethod.apply(n, arguments) : n.queue.push(arguments); }};
  if (!f._fbq) f._fbq = n; n.push = n; n.loaded = !0; n.version = "2.0"; n.queue = [];
  t = b.createElement(e); t.async = !0; t.src = v; s = b.getElementsByTagName(e)[0]; s.parentNode.insertBefore(t, s);
}}(window, document, "script", "https://connect.facebook.net/en_US/fbevents.js");
fbq("init", "{int(h[12:24], 16) % 10**15}");
fbq("track", "PageView");
var _sf_async_config = window._sf_async_config = (window._sf_async_config || {{}});
_sf_async_config.uid = {int(h[24:30], 16) % 90000 + 10000};
_sf_async_config.domain = "{outlet.prefix.replace("-", "")}.id";
_sf_async_config.useCanonical = true;
_sf_async_config.useCanonicalDomain = true;
(function () {{
  function loadChartbeat() {{
    var e = document.createElement("script"), n = document.getElementsByTagName("script")[0];
    e.type = "text/javascript"; e.async = true; e.src = "//static.chartbeat.com/js/chartbeat.js";
    n.parentNode.insertBefore(e, n);
  }}
  loadChartbeat();
}})();"""


# ----------------------------------------------------------------------------------------------
# Filler headlines (sidebars and tickers link them to channel pages)

_SUBJECTS = (
    "Pemkab {p}", "Polres {p}", "DPRD {p}", "Dinas Pendidikan {p}", "BPBD {p}", "Disdukcapil {p}",
    "Bupati {p}", "Warga {p}", "Pelajar SMA di {p}", "Nelayan {p}", "Petani {p}",
    "Dinas Kesehatan {p}", "Satpol PP {p}", "Kodim {p}", "Bawaslu {p}", "PLN UP3 {p}",
    "Kantor Pertanahan {p}", "Pengadilan Negeri {p}", "Dinas Perhubungan {p}", "KPU {p}",
)  # fmt: skip
_PREDICATES = (
    "gelar pasar murah jelang hari raya", "salurkan bibit padi untuk kelompok tani",
    "perbaiki jalan rusak di jalur poros desa", "imbau warga waspadai cuaca ekstrem",
    "buka pendaftaran beasiswa daerah tahun ini", "luncurkan layanan KTP keliling",
    "siapkan posko mudik terpadu", "targetkan angka stunting turun tahun depan",
    "tanam seribu pohon di bantaran sungai", "bahas rancangan APBD perubahan",
    "raih juara umum MTQ tingkat provinsi", "panen raya jagung di lahan kering",
    "keluhkan harga pupuk yang naik", "ikuti pelatihan kewirausahaan digital",
    "gelar razia kendaraan tanpa pelat nomor", "bersihkan pantai dari sampah plastik",
    "resmikan puskesmas pembantu baru", "uji coba bus sekolah gratis",
    "tertibkan pedagang kaki lima di pusat kota", "gelar festival budaya tahunan",
    "pasang lampu jalan tenaga surya di desa terpencil", "data ulang penerima bantuan sosial",
    "sosialisasikan aturan baru perizinan usaha", "gelar vaksinasi rabies massal",
    "tambah kuota pupuk bersubsidi", "percepat sertifikasi tanah warga",
    "siagakan personel saat malam pergantian tahun", "rekrut guru honorer jadi PPPK",
)  # fmt: skip
_GENERIC = (
    "Prakiraan cuaca {p} hari ini: hujan ringan pada sore hari",
    "Jadwal kapal rute {p} pekan ini, cek jam keberangkatan",
    "Harga cabai rawit di pasar tradisional {p} turun",
    "Harga emas perhiasan di {p} hari ini",
    "Jadwal pemadaman listrik bergilir di {p} besok",
    "Lowongan kerja di {p}, ini syarat dan cara mendaftarnya",
    "Kuliner khas {p} yang wajib dicoba saat berkunjung",
    "Jadwal imsakiyah dan buka puasa wilayah {p}",
    "Hasil pertandingan liga lokal {p} tadi malam",
    "Tips aman berkendara di jalur lintas {p} saat musim hujan",
)  # fmt: skip


def filler_headlines(outlet: Outlet, seed: str, count: int) -> list[str]:
    """Plausible local headlines for sidebars and tickers (deterministic per seed)."""
    places = list(outlet.places) or [outlet.home_city]
    r = rng(outlet.key, seed)
    result: list[str] = []
    while len(result) < count:
        place = r.choice(places)
        if r.random() < 0.25:
            text = r.choice(_GENERIC).format(p=place)
        else:
            text = f"{r.choice(_SUBJECTS).format(p=place)} {r.choice(_PREDICATES)}"
        if text not in result:
            result.append(text)
    return result


# ----------------------------------------------------------------------------------------------
# Reader comments (WordPress comments area, the huge page)

_NAMES = (
    "Yohanes", "Maria Goreti", "Abdul Rahman", "Siti Aisyah", "Benediktus", "Agustina",
    "Hendrikus", "Nurhayati", "Fransiskus", "Rosalina", "Muhammad Iqbal", "Dewi Lestari",
    "Yakobus", "Fatimah", "Ignasius", "Theresia", "Ahmad Fauzi", "Kristina", "Paulus", "Rahmawati",
)  # fmt: skip
_COMMENT_BITS = (
    "Semoga aparat terus mengawasi jalur perbatasan.", "Terima kasih infonya, sangat bermanfaat.",
    "Pemerintah daerah harus lebih serius membuka lapangan kerja di kampung.",
    "Saya setuju, warga juga perlu diberi penyuluhan sampai ke desa-desa.",
    "Berita seperti ini penting supaya masyarakat tidak mudah tergiur janji manis.",
    "Mohon redaksi terus mengikuti perkembangan kasusnya.",
    "Jalan di kampung kami juga rusak parah, mohon diperhatikan.",
    "Harga kebutuhan pokok makin mahal, semoga ada solusi.",
    "Salut untuk petugas di lapangan yang bekerja siang malam.",
    "Kapan jadwal pelayanan keliling datang ke kecamatan kami?",
    "Anak muda di sini banyak yang merantau karena susah cari kerja.",
    "Semoga tahun depan lebih baik lagi untuk daerah perbatasan.",
)  # fmt: skip


def comment(seed: str, index: int) -> dict[str, str]:
    r = rng("comment", seed, index)
    return {
        "name": r.choice(_NAMES),
        "text": " ".join(r.sample(_COMMENT_BITS, r.randint(2, 5))),
    }


def initials(name: str) -> str:
    """Detik-style three-letter reporter code from a name ('Nama Pewarta' -> 'nmp')."""
    letters = re.sub(r"[^a-z ]", "", name.lower()).split()
    if not letters:
        return "red"
    code = "".join(w[0] for w in letters)
    rest = "".join(c for c in "".join(letters) if c not in "aeiou ")
    code = (code + rest)[:3]
    return code.ljust(3, "x")
