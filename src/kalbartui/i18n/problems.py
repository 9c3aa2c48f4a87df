"""The words of every Problem the core can report: each code's English msgid, translated
through the catalog when a face shows it.

Codes are stable (they are kept in the cache); the English may be reworded here, and a stored
problem reads in the new words. A parameter that is itself a Problem (a cause, a size, an HTTP
status) is worded first; numbers are written as the reader's language writes them.
"""

from __future__ import annotations

from kalbartui.i18n.catalog import N_, Nn_, Translator, translator
from kalbartui.problems import Problem

# A message, or (singular, plural) for one about a `count`.
Message = str | tuple[str, str]

MESSAGES: dict[str, Message] = {
    # Said as it was: a stored error from before problems were codes, or words from elsewhere.
    "text": "{text}",
    "unexpected": N_("an unexpected problem in kalbartui (please report it)"),
    # ---- the machine's own faults (an OSError's errno), not kalbartui's
    "system.disk_full": N_("the disk is full"),
    "system.read_only": N_("the disk is read-only"),
    "system.no_memory": N_("out of memory"),
    "system.too_many_files": N_("too many files are open"),
    "system.denied": N_("permission denied"),
    "system.error": N_("the system refused: {error}"),
    # ---- the network and HTTP (feeds, pages, pictures, the sync server)
    "http.status": N_("HTTP {status} ({reason})"),
    "http.reason.400": N_("bad request"),
    "http.reason.401": N_("needs a login"),
    "http.reason.403": N_("access forbidden"),
    "http.reason.404": N_("not found"),
    "http.reason.410": N_("gone for good"),
    "http.reason.429": N_("too many requests"),
    "http.reason.500": N_("server error"),
    "http.reason.502": N_("bad gateway"),
    "http.reason.503": N_("service unavailable"),
    "http.reason.504": N_("gateway timeout"),
    "http.reason.other": N_("error"),
    "net.connect_timeout": N_("could not connect in time"),
    "net.dns": N_("cannot resolve the host name (offline?)"),
    "net.refused": N_("connection refused"),
    "net.certificate": N_("the site's certificate could not be verified"),
    "net.offline": N_("cannot connect (offline?)"),
    "net.stopped": N_("the server stopped answering"),
    "net.broken": N_("the server broke the connection"),
    "net.unsupported_url": N_("unsupported URL"),
    "net.other": N_("network error ({kind})"),
    "fetch.timeout": N_("timed out after {seconds} s"),
    "fetch.unreadable_answer": N_("the server's answer could not be read"),
    "fetch.file_unreadable": N_("cannot read {path}: {error}"),
    "fetch.not_regular_file": N_("cannot read {path}: not a regular file"),
    "fetch.too_large": N_("larger than the {limit} limit"),
    "fetch.too_large_announced": N_("larger than the {limit} limit ({size} announced)"),
    "fetch.refused_scheme": N_("refusing a {scheme} URL"),
    "fetch.no_scheme": N_("refusing a schemeless URL"),
    "fetch.malformed_url": N_("refusing a malformed URL"),
    "fetch.bad_redirect": N_("the server redirected to a malformed address"),
    "fetch.bad_address": N_("the feed address is malformed"),
    "fetch.bad_link": N_("the link's address is malformed"),
    "fetch.private_address": N_(
        "{host} is a private or local address ({address}): not fetched for a link in a feed "
        "unless fetch_private_addresses allows it"
    ),
    "fetch.redirect_without_location": N_("{status} redirect without a location"),
    "fetch.redirect_loop": N_("redirect loop"),
    "fetch.too_many_redirects": N_("more than {count} redirects"),
    "fetch.encoding": N_("unsupported content encoding {encoding}"),
    "fetch.damaged_compression": N_("the server sent a damaged compressed body"),
    "fetch.no_answer": N_("no answer"),
    "fetch.unsendable": N_("the request could not be sent (a header is not plain ASCII)"),
    # ---- a feed's answer
    "feed.empty": N_("empty response"),
    "feed.html": N_("not a feed (an HTML page)"),
    "feed.json": N_("not a feed (a JSON document, not a JSON Feed)"),
    "feed.json_invalid": N_("not a feed (JSON that cannot be read)"),
    "feed.json_too_deep": N_("not a feed (JSON nested too deep to read)"),
    "feed.unknown": N_("not a feed (neither RSS, Atom nor JSON Feed)"),
    "feed.parse_timeout": N_("parsing took longer than {seconds} s"),
    "feed.parse_interrupted": N_("parsing was interrupted"),
    "feed.unhandled": N_("kalbartui could not handle this feed's answer"),
    "feed.wait": N_("server asked to wait until {time}"),
    # ---- a WordPress site's categories
    "discovery.failed": N_("category discovery failed: {error}"),
    "discovery.too_much": N_("the categories API answered with too much data"),
    "discovery.too_deep": N_("the categories API answered with nesting too deep to read"),
    "discovery.not_json": N_("the categories API did not answer with JSON"),
    "discovery.not_list": N_("the categories API did not answer with a list"),
    "discovery.unreadable": N_("the categories API's answer could not be read"),
    "discovery.none": N_("no categories"),
    "discovery.none_configured": N_("none of the configured categories"),
    "discovery.fallback_note": N_(
        "{source}: categories could not be discovered ({error}); using the articles' own terms"
    ),
    # ---- article pages and pictures
    "page.no_article": N_("no article on the page"),
    "page.not_html": N_("not an HTML page"),
    "page.not_http": N_("not an http(s) link"),
    "page.not_longer": N_("no longer than the summary"),
    "page.too_large": N_("page too large to be an article"),
    "page.no_such_article": N_("no such article"),
    "page.too_slow": N_("reading the article out of the page took longer than {seconds} s"),
    "page.too_big_to_read": N_("the page needs too much memory to read"),
    "page.unreadable": N_("the page could not be read ({kind})"),
    "image.too_large": N_("larger than 5 MB"),
    "image.not_picture": N_("not a JPEG, PNG, GIF or WebP picture"),
    "image.too_many_pixels": N_("too many pixels ({width} × {height})"),
    "image.bomb": N_("a decompression bomb"),
    "image.damaged": N_("damaged picture ({kind})"),
    "image.too_large_to_decode": N_("too large to decode"),
    "image.too_slow": N_("decoding took longer than {seconds} s"),
    "image.busy": N_("other pictures are being decoded; try again in a moment"),
    # ---- the cache
    "cache.damaged": N_("{path} is damaged ({error})"),
    "cache.full": N_("cannot write the cache {path}: the disk is full"),
    "cache.read_only": N_("cannot write the cache {path}: it is on a read-only disk or folder"),
    "cache.io": N_("cannot write the cache {path}: the disk reported an I/O error"),
    "cache.write": N_("cannot write the cache {path}: {error}"),
    "cache.locked": N_("the cache {path} stayed locked by another kalbartui for {seconds} s"),
    "cache.no_data_dir": N_("cannot create the data directory {path}: {error}"),
    "cache.other": N_("{path}: {error}"),
    "cache.newer": N_(
        "the cache was written by a newer kalbartui (schema {found}, this one knows {known})"
    ),
    "cache.recovered": N_(
        "The cache was damaged ({error}); it was moved to {moved} and a fresh cache was started."
    ),
    "cache.recovered_starred": N_(
        "The cache was damaged ({error}); it was moved to {moved} and a fresh cache was "
        "started. Starred articles that could be read were saved to {starred}."
    ),
    # ---- OPML files and the feed list
    "opml.unreadable": N_("{file}: cannot be read ({error})"),
    "opml.not_regular": N_("{file}: is not a regular file"),
    "opml.too_large": N_("{file}: is larger than {megabytes} MB"),
    "opml.doctype": N_(
        "{file}: line {line}: declares a DOCTYPE or entities, which kalbartui does not accept"
    ),
    "opml.syntax": N_("{file}: line {line}: {error}"),
    "opml.no_body": N_("{file}: has no <body> element, so it holds no subscriptions"),
    "opml.not_opml": N_(
        "{file}: line {line}: the root element is <{tag}>, not <opml>, so this is not an OPML file"
    ),
    "opml.repeated": N_("listed more than once"),
    "url.missing": N_("the outline has no feed URL"),
    "url.too_long": N_("the URL is too long"),
    "url.unsafe": N_("the URL contains spaces or control characters"),
    "url.invalid": N_("the URL is not valid"),
    "url.scheme": N_("only http, https and file URLs are accepted"),
    "url.no_host": N_("the URL has no host name"),
    "url.no_path": N_("the file URL has no path"),
    "feedlist.cannot_write": N_("cannot write {path}: {error}"),
    "feedlist.cannot_read": N_("cannot read {path}: {error}"),
    "views.cannot_add": N_("no view was added to {path}: {error}"),
    "views.unknown": N_("no view named {name} (views: {names})"),
    "views.none": N_("no view named {name}: the config has no [[views]] yet"),
    "views.unknown_preset": N_("no preset named {name} (presets: {names})"),
    "feedlist.cannot_add": N_(
        "{path}: cannot add the feeds to this config ({error}); add them by hand"
    ),
    # ---- adding a site (`kalbartui add`, the palette)
    "site.bad_address": N_("{url} is not a web address (http or https)"),
    "site.unreachable": N_("cannot read {url}: {error}"),
    "site.no_feeds": N_(
        "no feed found at {url}: the page announces none, it is no WordPress site, and none of the usual addresses (/feed/, /rss, /atom.xml, …) holds one"
    ),
    # ---- the config file
    "config.unknown_key": N_("{file}: unknown key '{key}' (expected one of: {expected})"),
    "config.unknown_key_close": N_("{file}: unknown key '{key}' (did you mean '{suggestion}'?)"),
    "config.wrong_type": N_("{file}: '{key}' must be {expected}, not {value}"),
    "config.type.str": N_("a string"),
    "config.type.bool": N_("true or false"),
    "config.type.int": N_("a whole number"),
    "config.type.number": N_("a number"),
    "config.type.list": N_("a list"),
    "config.type.table": N_("a table"),
    "config.type.bool_or_list": N_("true, false or a list of host names and networks"),
    "config.empty": N_("{file}: '{key}' must not be empty"),
    "config.url_scheme": N_("{file}: '{key}' must be an {schemes} URL, not {value}"),
    "config.needs_key": N_("{file}: '{where}' needs a '{key}' key"),
    "config.language": N_("{file}: 'language' must be {choices}, not {value}"),
    "config.timezone": N_(
        "{file}: 'timezone' must be an IANA zone such as \"Asia/Pontianak\", not {value}"
    ),
    "config.between": N_("{file}: '{key}' must be between {low} and {high}, not {value}"),
    "config.at_least": N_("{file}: '{key}' must be at least {low}, not {value}"),
    "config.source_type": N_("{file}: '{key}' must be \"wordpress\", not {value}"),
    "config.string_list": N_("{file}: '{key}' must be a list of strings"),
    "config.unknown_binding": N_(
        "{file}: '{key}' names no action; the help screen (key ?) lists every id"
    ),
    "config.unknown_binding_close": N_(
        "{file}: '{key}' names no action (did you mean '{suggestion}'?)"
    ),
    "config.key_string": N_(
        "{file}: '{key}' must be a string of keys such as \"j,down\", not {value}"
    ),
    "config.no_keys": N_("{file}: '{key}' must name at least one key"),
    "config.key_clash": N_(
        "{file}: '{key}' binds \"{binding}\", which '{other}' already uses; give one of them another key"
    ),
    "config.key_reserved": N_(
        "{file}: '{key}' binds \"{binding}\", which the reader keeps for “{other}”"
    ),
    "config.missing_file": N_("{file}: no such config file"),
    "config.sync_password": N_("{file}: 'sync.password' must be a string"),
    "config.sync_type": N_(
        "{file}: 'sync.type' must be \"greader\" (the Google Reader API), not {value}"
    ),
    "config.sync_password_command": N_(
        '{file}: \'sync.password_command\' must be a list of strings such as ["pass", "show", "freshrss"] (it runs without a shell)'
    ),
    "config.sync_both_passwords": N_(
        "{file}: '[sync]' takes 'password' or 'password_command', not both"
    ),
    "config.unreadable": N_("{file}: cannot be read ({error})"),
    "config.not_utf8": N_("{file}: is not UTF-8 text"),
    "config.not_toml": N_("{file}: is not valid TOML ({error})"),
    "config.choice": N_("{file}: '{key}' must be {choices}, not {value}"),
    "config.rule_query": N_("{file}: the query of '{key}' cannot be read: {error}"),
    "config.rule_scope": N_(
        '{file}: \'{key}\' must be "category:NAME" or "feed:NAME", not {value}'
    ),
    "config.rule_tag_unused": N_(
        "{file}: '{key}' is only for action = \"tag\" (this rule's action is {action})"
    ),
    "config.user_agent": N_(
        "{file}: '{key}' must be one line of printable ASCII characters (at most 300)"
    ),
    "config.alert_query": N_("{file}: the alert {alert} has a query that cannot be read: {error}"),
    "config.alert_scope": N_(
        '{file}: \'{key}\' must be "category:NAME" or "feed:NAME", not {value}'
    ),
    "config.notify_command": N_(
        "{file}: 'notify_command' must be a list of strings: the program, then its arguments"
    ),
    "config.browser": N_(
        "{file}: 'browser' must be a program and its arguments with every quote closed, e.g. \"w3m %u\", not {value}"
    ),
    "config.view_query": N_("{file}: the view “{name}” has a query that cannot be read: {error}"),
    "config.view_twice": N_("{file}: '{key}': a view named “{name}” is already there"),
    # ---- a query (search, views, rules): what is wrong, and where
    "query.too_long": N_("the query is longer than {limit} characters"),
    "query.too_many_terms": N_("the query has more than {limit} words and fields"),
    "query.too_deep": N_("brackets nest more than {limit} deep (at character {position})"),
    "query.unopened_bracket": N_("the closing bracket at character {position} has no opening one"),
    "query.unclosed_bracket": N_("the bracket at character {position} is never closed"),
    "query.unclosed_quote": N_("the quote at character {position} is never closed"),
    "query.unclosed_regex": N_("the regular expression at character {position} has no closing /"),
    "query.unfinished": N_("the query stops at character {position} before it is complete"),
    "query.unexpected": N_("“{near}” at character {position} cannot stand there"),
    "query.empty_brackets": N_("the brackets at character {position} hold nothing"),
    "query.regex_needs_field": N_(
        "the regular expression at character {position} needs a field, as in title:/…/"
    ),
    "query.regex_not_here": N_("{field}: takes no regular expression (character {position})"),
    "query.bad_regex": N_("the regular expression at character {position} cannot be used: {error}"),
    "query.bad_flag": N_("is:{value} at character {position}: is: takes unread, read or starred"),
    "query.bad_date": N_(
        "{field}:{value} at character {position} is no date; write it as 2026-12-01"
    ),
    "query.bad_age": N_(
        "{field}:{value} at character {position} is no age; write it as 6h, 2d, 3w or 1y"
    ),
    "config.private_addresses": N_(
        "{file}: '{key}' must list host names or networks such as \"nas.local\" or "
        '"192.168.1.0/24", not {value}'
    ),
    # ---- the browser
    "browser.refused": N_("refused to open a {scheme} link: {url}"),
    "browser.empty": N_("$BROWSER is empty"),
    "browser.unreadable": N_("cannot read the browser command {command}: a quote is not closed"),
    "browser.no_terminal": N_("{program} runs in a terminal, and this one cannot be handed over"),
    "browser.cannot_start": N_("cannot start {program}: {error}"),
    "browser.none": N_("no web browser found (set $BROWSER)"),
    "browser.error": N_("the browser failed: {error}"),
    # ---- the refresh's own process
    "refresh.child_exited": N_("refresh process exited with status {status}"),
    "refresh.child_exited_saying": N_("refresh process exited with status {status}: {said}"),
    "refresh.child_failed": N_("the refresh process failed: {said}"),
    # ---- sync
    "sync.unreachable": N_("cannot reach the sync server ({error})"),
    "sync.refused_answer": N_("the sync server's answer was refused: {error}"),
    "sync.refused_login": N_("the server refused the user name or password"),
    "sync.status": N_("the sync server answered {status}"),
    "sync.not_json": N_("the sync server sent an answer that is not JSON"),
    "sync.wrong_shape": N_("the sync server sent an answer of the wrong shape"),
    "sync.edit_refused": N_("the sync server did not accept a change of read or starred state"),
    "sync.stopped": N_("the sync was stopped; it carries on next time"),
    "sync.deadline": N_(
        "the sync took longer than {seconds} s and was cut short; it carries on next time"
    ),
    "sync.too_deep": N_("the sync server sent an answer nested too deep to read"),
    "sync.too_complex": N_(
        "the sync server sent an answer of more than {count} objects and lists; it was not read"
    ),
    "sync.bad_item_id": N_("the sync server sent an item id that is not one"),
    "sync.bad_token": N_("the sync server sent a sign-in token that cannot be used"),
    "sync.bad_write_token": N_("the sync server sent a write token that cannot be used"),
    "sync.endless_listing": N_(
        "the sync server kept listing the same items; kalbartui stopped asking"
    ),
    "sync.too_many_pages": N_(
        "the sync server listed item ids on more than {count} pages; kalbartui stopped asking"
    ),
    "sync.too_many_ids": N_(
        "the sync server listed more than {count} item ids; kalbartui stopped asking"
    ),
    "sync.password_missing_command": N_("the password command {program} was not found"),
    "sync.password_slow": N_("the password command {program} did not finish in 60 s"),
    "sync.password_cannot_run": N_("the password command {program} could not run ({error})"),
    "sync.password_failed": N_("the password command {program} failed (exit {status})"),
    "sync.password_empty": N_("the password command {program} printed no password"),
    "sync.step.signed_in": N_("sync: signed in to {host} as {user}"),
    "sync.step.feeds": Nn_("sync: {count} feed in {labels}", "sync: {count} feeds in {labels}"),
    "sync.step.labels": Nn_("{count} label", "{count} labels"),
    "sync.step.pushed": Nn_(
        "sync: pushed {count} local change", "sync: pushed {count} local changes"
    ),
    "sync.step.nothing_to_push": N_("sync: no local changes to push"),
    "sync.step.new": Nn_("sync: {count} new article", "sync: {count} new articles"),
    "sync.step.state": N_("sync: read and starred state, {count} changed on the server"),
    "sync.step.state_kept": N_(
        "sync: read and starred state, {count} changed on the server, {kept} local changes kept"
    ),
    "sync.password_none": N_(
        "[sync] needs a password: set password_command or password, "
        "or the environment variable {variable}"
    ),
}

# Sizes are said in the largest unit under 1024 of it.
_UNITS = (N_("{n} bytes"), N_("{n} KB"), N_("{n} MB"), N_("{n} GB"))


def words(problem: Problem | str | None, language: str) -> str:
    """The problem as one sentence in `language` ("" for none). A plain string is a sentence
    already said (text from the system, such as an OS error) and passes as it is."""
    if problem is None:
        return ""
    if isinstance(problem, str):
        return problem
    return _say(problem, translator(language))


def _say(problem: Problem, tr: Translator) -> str:
    if problem.code == "msgid":  # a word of the catalog, marked where it was written
        marked = problem.params.get("text")
        word = marked if isinstance(marked, str) else ""
        return tr.gettext(word)
    if problem.code == "choices":  # "a", "b" or "c"
        items = str(problem.params.get("items", "")).split("\n")
        if len(items) < 2:
            return items[0]
        return tr.gettext("{items} or {last}", items=", ".join(items[:-1]), last=items[-1])
    if problem.code == "size":
        n = problem.params.get("bytes", 0)
        return _size(tr, n if isinstance(n, int) else 0)
    found = MESSAGES.get(problem.code)
    if found is None:
        # A code this version does not know (a cache written by a newer kalbartui).
        return problem.code
    msgid = found
    params = {key: _param(tr, value) for key, value in problem.params.items()}
    try:
        if isinstance(msgid, tuple):
            count = problem.params.get("count", 0)
            n = count if isinstance(count, int) else 0
            return tr.ngettext(msgid[0], msgid[1], n, **params)
        return tr.gettext(msgid, **params) if params else tr.gettext(msgid)
    except (KeyError, IndexError, ValueError):
        # A stored problem whose parameters no longer fit its sentence.
        return msgid if isinstance(msgid, str) else msgid[1]


def _param(tr: Translator, value: object) -> str:
    if isinstance(value, Problem):
        return _say(value, tr)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return tr.number(value)
    if isinstance(value, float):
        return tr.decimal(value, 3, trim=True)
    return str(value)


def _size(tr: Translator, n: int) -> str:
    value = float(n)
    for index, unit in enumerate(_UNITS):
        if value < 1024 or index == len(_UNITS) - 1:
            shown = tr.number(int(value)) if index == 0 else tr.decimal(value, 1)
            return tr.gettext(unit, n=shown)
        value /= 1024
    raise AssertionError("unreachable")
