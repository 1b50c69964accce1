// The monitoring page's script: fetches the figures every 2 s and draws them. Plain JavaScript, no library, so the
// page works offline and needs no build. Every figure shown comes from /observe/page/status.json: "status" is the
// document `coding-sync status --json` prints, "live" the running process's own rates.
"use strict";

const JSON_URL = "/observe/page/status.json";
const REFRESH_MS = 2000;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Seconds as a person reads them: the two largest units, as `status` prints them. */
function duration(seconds) {
  if (seconds === undefined || seconds === null) return "—";
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), x = s % 60;
  if (d > 0) return d + " d" + (h > 0 ? " " + h + " h" : "");
  if (h > 0) return h + " h" + (m > 0 ? " " + m + " min" : "");
  if (m > 0) return m + " min" + (x > 0 ? " " + x + " s" : "");
  return x + " s";
}

function ago(instant, now) {
  if (!instant) return "never";
  return duration((Date.parse(now) - Date.parse(instant)) / 1000) + " ago";
}

/** The events per minute of the last hour as a small SVG line (the current minute on the right). */
function chart(series) {
  const w = 150, h = 32;
  const values = series || new Array(60).fill(0);
  const max = Math.max(1, ...values);
  const step = w / (values.length - 1);
  const points = values.map((v, i) => (i * step).toFixed(1) + "," + (h - 2 - v / max * (h - 4)).toFixed(1));
  const total = values.reduce((a, b) => a + b, 0);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  svg.setAttribute("viewBox", "0 0 " + w + " " + h);
  svg.setAttribute("data-total", total);
  svg.setAttribute("data-points", points.join(" "));
  const bg = document.createElementNS(svg.namespaceURI, "rect");
  bg.setAttribute("width", w);
  bg.setAttribute("height", h);
  const line = document.createElementNS(svg.namespaceURI, "polyline");
  line.setAttribute("points", points.join(" "));
  const title = document.createElementNS(svg.namespaceURI, "title");
  title.textContent = total + " events in the last hour; " + values[values.length - 1] + " this minute";
  svg.append(bg, line, title);
  return svg;
}

function rows(source) {
  const r = source.rows;
  return (r.total !== undefined && r.total !== null) ? r.delivered + " / " + r.total : String(r.delivered);
}

function comments(source) {
  const c = source.comments;
  if (!c) return el("span", {class: "muted"}, "—");
  return el("span", {title: "share of issues whose comments were read within the hour / day / week"},
      (100 * c.shareReadLastHour).toFixed(1) + " % h · " + (100 * c.shareReadLastDay).toFixed(1) + " % d",
      c.unread > 0 ? el("span", {class: "unit"}, " · " + c.unread + " unread") : null);
}

/** How the live figures name a source (LiveRates.key). */
function key(source) {
  return (source.project || "") + "/" + source.table;
}

function reader(source, live) {
  const here = live && live.readersHere && live.readersHere[key(source)];
  if (source.reader) {
    return el("span", {class: "clip", title: source.reader.holder + ": change log reader lease, epoch "
        + source.reader.epoch},
        source.reader.holder + (here ? " (this process)" : ""));
  }
  if (!here) {
    return el("span", {class: "clip muted", title: "another process sharing this store syncs this project"},
        "another process");
  }
  return el("span", {class: "clip", title: "no change log: the process serving this page reads CODING itself"},
      live ? live.process : "—");
}

function sourceRows(source, status, live) {
  const down = source.health === "DOWN";
  const series = live && live.eventsPerMinute ? live.eventsPerMinute[key(source)] : null;
  const tr = el("tr", {class: "source" + (down ? " down" : ""), "data-table": source.table,
      "data-project": source.project, "data-health": source.health},
    el("td", {class: "table"}, el("b", {}, source.table)),
    el("td", {}, el("span", {class: "health " + source.health}, source.health === "NOT_STARTED" ? "—" : source.health)),
    el("td", {class: "phase"}, source.phase + (source.passPage ? " (page " + source.passPage + ")" : "")),
    el("td", {}, el("span", {class: "rows"}, rows(source)), " ", el("span", {class: "unit"}, source.rows.unit)),
    el("td", {class: "events"}, chart(series)),
    el("td", {class: "behind", "data-value": source.behindSeconds}, duration(source.behindSeconds)),
    el("td", {class: "last-poll", "data-value": source.lastPoll || ""},
        el("span", {class: "outcome " + source.lastPollOutcome.replace(" ", "-")}, source.lastPollOutcome),
        source.lastPoll ? el("span", {class: "unit"}, " " + ago(source.lastPoll, status.at)) : null,
        el("span", {class: "unit"}, " · " + source.lastPollEvents + " events, "),
        el("span", {class: "total-events unit"}, String(source.totalEvents)),
        el("span", {class: "unit"}, " in all")),
    el("td", {class: source.throttledPolls > 0 ? "throttled" : "muted"},
        el("span", {class: "throttled-polls"}, String(source.throttledPolls)), " polls"),
    el("td", {class: "comments"}, comments(source)),
    el("td", {class: "reader"}, reader(source, live)));
  if (!down) return [tr];
  const reason = el("tr", {class: "reason", "data-table": source.table, "data-project": source.project},
      el("td", {colspan: 10},
          el("b", {class: "down-reason"}, source.down.reason),
          el("span", {class: "down-message"}, " — " + source.down.problem + ": " + source.down.message),
          source.down.permanent ? el("span", {}, " (the table's route stopped: fix this, then run again)") : null));
  return [tr, reason];
}

/** A project's (or the team's) totals in one line, as `status` prints them (ProjectTotalsText). */
function totalsLine(t) {
  const health = [];
  if (t.up > 0) health.push(t.up + " UP");
  if (t.down > 0) health.push(t.down + " DOWN");
  if (t.notStarted > 0) health.push(t.notStarted + " not started");
  const delivered = Object.entries(t.rows || {}).map(([unit, n]) => n + " " + unit);
  return (t.projects !== undefined ? t.projects + (t.projects === 1 ? " project, " : " projects, ") : "")
      + t.tables + (t.tables === 1 ? " table (" : " tables (") + health.join(", ") + "), phase " + t.phase
      + (delivered.length ? "; delivered " + delivered.join(", ") : "")
      + "; " + t.totalEvents + " events in all"
      + (t.behindSeconds !== undefined && t.behindSeconds !== null
          ? "; behind CODING at most " + duration(t.behindSeconds) : "")
      + (t.backfill ? "; " + t.backfill.sources + (t.backfill.sources === 1 ? " table backfilling, " : " tables backfilling, ")
          + timeLeft(t.backfill.seconds) : "")
      + "; " + t.throttledPolls + " throttled polls"
      + (t.deadLetters !== undefined && t.deadLetters !== null ? "; " + t.deadLetters + " dead letters" : "");
}

/** About how long a backfill has left, as `status` says it (BackfillEstimate.words). */
function timeLeft(seconds) {
  if (seconds === undefined || seconds === null) return "time left unknown (no pace yet)";
  if (seconds <= 0) return "about done";
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? "about " + minutes + " min left" : "about " + duration(minutes * 60) + " left";
}

/** The totals as data attributes, for a script (or a test) that reads the page. */
function totalsData(t) {
  return {"data-tables": t.tables, "data-up": t.up, "data-down": t.down, "data-phase": t.phase,
      "data-total-events": t.totalEvents, "data-rows": JSON.stringify(t.rows || {}),
      "data-behind": t.behindSeconds === undefined || t.behindSeconds === null ? "" : t.behindSeconds};
}

function render(figures) {
  const status = figures.status, live = figures.live;
  document.getElementById("unreachable").hidden = true;
  document.getElementById("process").textContent = live ? live.process : "—";
  document.getElementById("state-store").textContent = status.stateStore;
  document.getElementById("updated").textContent = new Date(status.at).toLocaleTimeString();
  const share = live ? live.budgetInUse : 0;
  document.getElementById("budget-bar").style.width = (100 * share).toFixed(1) + "%";
  document.getElementById("budget").textContent = live
      ? live.callsPerSecond.toFixed(2) + " of " + live.rateInForce + " calls/s (" + (100 * share).toFixed(1)
        + " %) over the last minute"
      : status.callBudget.callsPerSecond + " calls/s allowed";
  document.getElementById("dead-letters").textContent = status.deadLetters.waiting;
  document.getElementById("dead-letters-file").textContent = status.deadLetters.waiting > 0
      ? "in " + status.deadLetters.store + " — ./coding-sync replay sends them again" : status.deadLetters.store;
  // per project and table: ./coding-sync replay --project P --table T sends one group again
  document.getElementById("dead-letter-groups").replaceChildren(...(status.deadLetters.groups || []).map(g =>
      el("li", {"data-project": g.project, "data-table": g.table, "data-waiting": g.waiting},
          (g.project || "(no project)") + " · " + g.table + ": " + g.waiting)));
  const downs = status.sources.filter(s => s.health === "DOWN").length;
  document.getElementById("source-count").textContent = status.sources.length;
  document.getElementById("down-count").textContent = downs > 0 ? downs + " DOWN" : "all up";

  const team = document.getElementById("team-total");
  team.textContent = status.total ? totalsLine(status.total) : "";
  for (const [k, v] of Object.entries(status.total ? totalsData(status.total) : {})) team.setAttribute(k, v);
  team.hidden = !status.projects || status.projects.length < 2;

  const filter = document.getElementById("project-filter");
  const chosen = filter.value;
  const names = (status.projects || []).map(p => p.project);
  filter.replaceChildren(el("option", {value: ""}, "every project"),
      ...names.map(n => el("option", {value: n}, n)));
  filter.value = names.includes(chosen) ? chosen : "";
  filter.parentElement.hidden = names.length < 2;

  const main = document.getElementById("projects");
  const sections = [];
  for (const project of status.projects || []) {
    if (filter.value && filter.value !== project.project) continue;
    const name = (project.team ? project.team + "/" : "") + project.project;
    const sources = status.sources.filter(s => s.project === project.project);
    const head = el("tr", {},
        ...["table", "health", "phase", "rows in sink", "events/min, last hour", "behind CODING", "last poll",
            "throttled", "comments fresh", "reader"].map(h => el("th", {}, h)));
    const body = el("tbody", {});
    for (const s of sources) body.append(...sourceRows(s, status, live));
    sections.push(el("section", {class: "project", "data-project": project.project},
        el("h3", {}, name, " ", el("span", Object.assign({class: "project-total"}, totalsData(project)),
            totalsLine(project))),
        el("table", {}, el("thead", {}, head), body)));
  }
  main.replaceChildren(...sections);
  document.body.setAttribute("data-at", status.at);
}

async function refresh() {
  try {
    const answer = await fetch(JSON_URL, {cache: "no-store"});
    if (!answer.ok) throw new Error(answer.status + " " + (await answer.text()));
    render(await answer.json());
  } catch (e) {
    const banner = document.getElementById("unreachable");
    banner.textContent = "The sync cannot be read now: " + e.message + " (figures below are the last known)";
    banner.hidden = false;
  }
}

document.getElementById("project-filter").addEventListener("change", () => refresh());
refresh();
setInterval(refresh, REFRESH_MS);
