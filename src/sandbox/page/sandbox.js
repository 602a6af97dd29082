// The sandbox page: plain JavaScript, no framework. The server renders each
// message, modal and Home view to HTML (escaped there); this script lays them
// out, sends what the person does, and refreshes when the server says that
// something changed (Server-Sent Events).

const $ = (id) => document.getElementById(id);

const state = {
  users: [],
  channels: [],
  bot: { name: "Board Bot" },
  me: "",
  /** { kind: "channel", id } or { kind: "app", tab: "messages" | "home" } */
  conv: null,
  /** Messages each person has seen per conversation, for the "new" badges. */
  seen: {},
  counts: {},
  shownTs: new Set(),
  modalKey: null,
  homeKey: null,
  opener: null,
};

async function api(path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

function announce(text) {
  const a = $("announcer");
  a.textContent = "";
  // A fresh text node each time, so a screen reader reads it even when it repeats.
  setTimeout(() => {
    a.textContent = text;
  }, 30);
}

function me() {
  return state.users.find((u) => u.id === state.me);
}

function currentChannel() {
  if (!state.conv) return "";
  return state.conv.kind === "channel" ? state.conv.id : me().dm;
}

function convKey(id) {
  return `${state.me}:${id}`;
}

// ---- Sidebar ------------------------------------------------------------

function navButton(label, convId, extra) {
  const li = document.createElement("li");
  const b = document.createElement("button");
  b.type = "button";
  b.className = "nav-item";
  b.dataset.conv = convId;
  b.innerHTML = label;
  if (extra) b.insertAdjacentHTML("beforeend", extra);
  li.append(b);
  return li;
}

function escapeText(s) {
  const d = document.createElement("div");
  d.textContent = s;
  return d.innerHTML;
}

function renderSidebar() {
  const channels = $("channel-list");
  channels.replaceChildren(...state.channels.map((c) => navButton(`<span aria-hidden="true">#</span> ${escapeText(c.name)}`, c.id)));
  $("app-list").replaceChildren(navButton(`${escapeText(state.bot.name)} <span class="app-tag">APP</span>`, "app"));
  markSidebar();
}

function markSidebar() {
  for (const b of document.querySelectorAll(".nav-item")) {
    const id = b.dataset.conv === "app" ? me().dm : b.dataset.conv;
    const open = state.conv && (b.dataset.conv === "app" ? state.conv.kind === "app" : state.conv.kind === "channel" && state.conv.id === id);
    if (open) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
    const fresh = open ? 0 : Math.max(0, (state.counts[id] ?? 0) - (state.seen[convKey(id)] ?? 0));
    b.classList.toggle("has-new", fresh > 0);
    b.querySelector(".unread")?.remove();
    if (fresh > 0) b.insertAdjacentHTML("beforeend", `<span class="unread">${fresh} new</span>`);
  }
}

// ---- Conversations ------------------------------------------------------

function setTabs(tab) {
  const home = tab === "home";
  for (const [id, on] of [
    ["tab-home", home],
    ["tab-messages", !home],
  ]) {
    const t = $(id);
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
  }
  $("home-panel").hidden = !home;
  $("messages-panel").hidden = home;
}

async function openConversation(conv, { focus = false } = {}) {
  state.conv = conv;
  state.shownTs = new Set();
  $("messages").replaceChildren();
  const panel = $("messages-panel");
  if (conv.kind === "channel") {
    const c = state.channels.find((x) => x.id === conv.id);
    $("conv-title").textContent = `# ${c.name}`;
    $("conv-topic").textContent = c.topic;
    $("app-tabs").hidden = true;
    $("home-panel").hidden = true;
    panel.hidden = false;
    panel.removeAttribute("role");
    panel.setAttribute("aria-labelledby", "conv-title");
    $("composer-label").textContent = `Message #${c.name} as ${me().name}`;
    $("composer-input").placeholder = `Message #${c.name}`;
  } else {
    $("conv-title").textContent = state.bot.name;
    $("conv-topic").textContent = "The bot's Home tab, and your direct messages with it.";
    $("app-tabs").hidden = false;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", "tab-messages");
    $("composer-label").textContent = `Message ${state.bot.name} as ${me().name}`;
    $("composer-input").placeholder = `Message ${state.bot.name}`;
    setTabs(conv.tab);
    // Opening either tab tells the bot (app_home_opened); it publishes the Home view.
    api("/sandbox/open-app", { user: state.me, tab: conv.tab }).catch(showError);
  }
  localStorage.setItem("sandbox.conv", JSON.stringify(conv));
  markSidebar();
  await refresh();
  if (focus) (conv.kind === "app" && conv.tab === "home" ? $("tab-home") : $("composer-input")).focus();
}

function nearBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
}

async function refreshMessages() {
  if (!state.conv || (state.conv.kind === "app" && state.conv.tab === "home")) {
    const data = await api(`/sandbox/conversation?user=${state.me}&channel=${encodeURIComponent(me().dm)}`);
    state.counts = data.counts;
    return;
  }
  const channel = currentChannel();
  const data = await api(`/sandbox/conversation?user=${state.me}&channel=${encodeURIComponent(channel)}`);
  if (channel !== currentChannel()) return; // switched meanwhile
  state.counts = data.counts;
  state.seen[convKey(channel)] = data.messages.length;
  const list = $("messages");
  const stick = nearBottom(list);
  const firstLoad = state.shownTs.size === 0;
  const existing = new Map([...list.children].map((li) => [li.dataset.ts, li]));
  const added = [];
  let previous = null;
  for (const m of data.messages) {
    let li = existing.get(m.ts);
    if (!li || li.dataset.key !== m.key) {
      const fresh = document.createElement("li");
      fresh.dataset.ts = m.ts;
      fresh.dataset.key = m.key;
      fresh.innerHTML = m.html;
      fresh.querySelector("article").tabIndex = -1;
      if (li) {
        const hadFocus = li.contains(document.activeElement);
        li.replaceWith(fresh);
        if (hadFocus) fresh.querySelector("article").focus();
      } else {
        if (previous) previous.after(fresh);
        else list.prepend(fresh);
        if (!state.shownTs.has(m.ts)) added.push(fresh);
      }
      li = fresh;
    }
    existing.delete(m.ts);
    state.shownTs.add(m.ts);
    previous = li;
  }
  for (const gone of existing.values()) gone.remove();
  if (data.messages.length === 0) list.innerHTML = `<li class="empty">No messages here yet.</li>`;
  else list.querySelector(".empty")?.remove();
  if (added.length && (stick || !firstLoad)) list.scrollTop = list.scrollHeight;
  if (!firstLoad) for (const li of added) announce(`New message. ${li.textContent.replace(/\s+/g, " ").trim().slice(0, 240)}`);
}

async function refreshHome() {
  if (state.conv?.kind !== "app" || state.conv.tab !== "home") return;
  const data = await api(`/sandbox/home?user=${state.me}`);
  if (data.key === state.homeKey) return;
  state.homeKey = data.key;
  const home = $("home");
  const hadFocus = home.contains(document.activeElement);
  home.dataset.viewId = data.id ?? "";
  home.innerHTML = data.html ?? `<p class="empty">Opening the Home tab…</p>`;
  if (hadFocus) $("tab-home").focus();
}

// ---- Modals -------------------------------------------------------------

async function refreshModal() {
  const data = await api(`/sandbox/modal?user=${state.me}`);
  const dialog = $("modal");
  if (!data) {
    state.modalKey = null;
    if (dialog.open) dialog.close();
    return;
  }
  if (data.key === state.modalKey && dialog.open) return;
  state.modalKey = data.key;
  $("modal-title").textContent = data.title;
  $("modal-body").innerHTML = data.html;
  $("modal-error").textContent = "";
  $("modal-submit").textContent = data.submit || "Submit";
  $("modal-submit").hidden = !data.submit;
  $("modal-cancel").textContent = data.close;
  if (!dialog.open) {
    if (!state.opener) state.opener = document.activeElement;
    dialog.showModal();
  }
  const first = $("modal-body").querySelector("input, textarea, select");
  (first ?? $("modal-cancel")).focus();
}

function showFieldErrors(errors) {
  const body = $("modal-body");
  for (const p of body.querySelectorAll(".bk-error.client")) p.remove();
  for (const el of body.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  let first = null;
  for (const [blockId, text] of Object.entries(errors)) {
    const el = blockId ? body.querySelector(`[name="${CSS.escape(blockId)}"]`) : null;
    if (!el) {
      $("modal-error").textContent = text;
      continue;
    }
    const p = document.createElement("p");
    p.className = "bk-error client";
    p.id = `${el.id}-error`;
    p.textContent = text;
    el.closest(".bk-input").append(p);
    el.setAttribute("aria-invalid", "true");
    const described = new Set((el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
    described.add(p.id);
    el.setAttribute("aria-describedby", [...described].join(" "));
    first ??= el;
  }
  (first ?? $("modal-error")).focus?.();
}

async function submitModal(event) {
  event.preventDefault();
  const values = {};
  for (const el of $("modal-body").querySelectorAll("[name]")) values[el.name] = el.value;
  const submit = $("modal-submit");
  submit.disabled = true;
  try {
    const r = await api("/sandbox/submit", { user: state.me, values });
    if (r.errors) showFieldErrors(r.errors);
    await refreshModal();
  } catch (e) {
    showError(e);
  } finally {
    submit.disabled = false;
  }
}

async function closeModal() {
  await api("/sandbox/close", { user: state.me }).catch(showError);
  await refreshModal();
}

function restoreFocus() {
  const target = state.opener && document.contains(state.opener) ? state.opener : $("composer-input");
  state.opener = null;
  if (target && !target.closest("[hidden]")) target.focus();
}

// ---- Actions ------------------------------------------------------------

async function clickButton(button) {
  const li = button.closest("li[data-ts]");
  const inModal = button.closest("#modal-body");
  const body = { user: state.me, where: button.dataset.where };
  if (li) Object.assign(body, { channel: currentChannel(), ts: li.dataset.ts });
  else if (inModal) Object.assign(body, { viewId: state.modalKey?.split("#")[0] });
  else Object.assign(body, { viewId: $("home").dataset.viewId });
  state.opener = button;
  button.disabled = true;
  try {
    await api("/sandbox/click", body);
  } catch (e) {
    showError(e);
  } finally {
    button.disabled = false;
  }
}

async function send(event) {
  event.preventDefault();
  const input = $("composer-input");
  const text = input.value.trim();
  if (!text) return;
  try {
    await api("/sandbox/type", { user: state.me, channel: currentChannel(), text });
    input.value = "";
  } catch (e) {
    showError(e);
  }
}

function whoIs(id) {
  return state.users.find((u) => u.id === id)?.name ?? id;
}

/** run-due's job labels in words: "digest:1@…" → "digest #1". */
function jobWords(label) {
  const [job] = label.split("@");
  const [kind, who, extra] = job.split(":");
  const reason = label.includes(": ") ? ` (${label.slice(label.indexOf(": ") + 2)})` : "";
  switch (kind) {
    case "digest":
      return `digest #${who} to the channel${reason}`;
    case "reminder":
      return `action reminder to ${whoIs(who)}${reason}`;
    case "escalation":
      return `escalation of action ${who}${reason}`;
    case "figures-due":
      return `"figures due" reminder to ${whoIs(who)} (${extra})${reason}`;
    default:
      return label;
  }
}

function renderClock(c) {
  $("clock").textContent = `Sandbox clock: ${c.words}${c.ahead ? " (ahead of real time)" : ""}`;
}

function renderUpcoming(list) {
  $("upcoming").replaceChildren(
    ...list.map((u) => {
      const li = document.createElement("li");
      li.textContent = `${u.label}: ${u.words}`;
      const b = document.createElement("button");
      b.type = "button";
      b.className = "side-button";
      b.textContent = "Run at this time";
      b.setAttribute("aria-label", `Move the clock to ${u.words} and run what is due (${u.label})`);
      b.addEventListener("click", () => {
        $("run-at").value = u.at;
        runDue(u.at);
      });
      li.append(b);
      return li;
    }),
  );
  if (!$("run-at").value && list[0]) $("run-at").value = list[0].at;
}

function showReport(html) {
  $("run-report-box").hidden = false;
  $("run-report").innerHTML = html;
}

async function runDue(at) {
  showReport("Running what is due…");
  try {
    const r = await api("/sandbox/run-due", at ? { at } : {});
    const groups = [
      ["sent", "Sent"],
      ["late", "Sent late"],
      ["missed", "Recorded as missed (over a day late)"],
      ["retry", "Failed, will retry"],
      ["failed", "Failed"],
    ];
    const items = groups.flatMap(([k, words]) => (r.report[k] ?? []).map((label) => `<li>${words}: ${escapeText(jobWords(label))}</li>`));
    const dms = [
      ...new Set(
        Object.values(r.report)
          .flat()
          .filter((l) => /^(reminder|figures-due):/.test(l))
          .map((l) => whoIs(l.split(":")[1].split("@")[0])),
      ),
    ];
    const hint = dms.length
      ? `<p>Direct messages went to ${escapeText(dms.join(", "))}: choose them under “Acting as” and open ${escapeText(state.bot.name)}.</p>`
      : "";
    showReport(
      `<p><strong>Ran what was due at ${escapeText(r.at)}.</strong> ${items.length ? "" : "Nothing was due then: choose a time under “Coming up”."}</p>${items.length ? `<ul>${items.join("")}</ul>` : ""}${hint}`,
    );
    renderUpcoming(r.upcoming);
    renderClock(r.clock);
  } catch (e) {
    showReport(`Could not run what is due: ${escapeText(e.message)}`);
  }
}

function showError(e) {
  showReport(`Something went wrong: ${escapeText(e.message)}`);
}

// ---- Wiring -------------------------------------------------------------

let pending = null;
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 60);
}

async function refresh() {
  try {
    await refreshMessages();
    await refreshHome();
    await refreshModal();
    markSidebar();
  } catch (e) {
    showError(e);
  }
}

function chooseUser(id) {
  state.me = id;
  localStorage.setItem("sandbox.user", id);
  $("as-user").value = id;
  const u = me();
  $("as-role").textContent = `${u.title}; ${u.role}`;
  state.modalKey = null;
  state.homeKey = null;
  if ($("modal").open) $("modal").close();
}

async function start() {
  const s = await api("/sandbox/state");
  state.users = s.users;
  state.channels = s.channels;
  state.bot = s.bot;
  const select = $("as-user");
  select.replaceChildren(...s.users.map((u) => new Option(`${u.name} (${u.role.split(":")[0]})`, u.id)));
  const saved = localStorage.getItem("sandbox.user");
  chooseUser(s.users.some((u) => u.id === saved) ? saved : s.users[0].id);
  renderSidebar();
  renderUpcoming(s.upcoming);
  renderClock(s.clock);
  setInterval(
    () =>
      api("/sandbox/state")
        .then((x) => renderClock(x.clock))
        .catch(() => undefined),
    60000,
  );
  let conv = { kind: "channel", id: s.channels[0].id };
  try {
    const c = JSON.parse(localStorage.getItem("sandbox.conv") || "null");
    if (c && (c.kind === "app" || s.channels.some((x) => x.id === c.id))) conv = c;
  } catch {
    /* keep the default */
  }

  select.addEventListener("change", async () => {
    chooseUser(select.value);
    renderSidebar();
    await openConversation(state.conv);
    announce(`Now acting as ${me().name}.`);
  });
  document.addEventListener("click", (e) => {
    const nav = e.target.closest(".nav-item");
    if (nav)
      return void openConversation(nav.dataset.conv === "app" ? { kind: "app", tab: "messages" } : { kind: "channel", id: nav.dataset.conv }, { focus: true });
    const button = e.target.closest("button[data-where]");
    if (button) clickButton(button);
  });
  for (const [id, tab] of [
    ["tab-home", "home"],
    ["tab-messages", "messages"],
  ]) {
    $(id).addEventListener("click", () => openConversation({ kind: "app", tab }, { focus: true }));
  }
  $("app-tabs").addEventListener("keydown", (e) => {
    if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) return;
    e.preventDefault();
    const next = state.conv.tab === "home" ? "messages" : "home";
    const tab = e.key === "Home" ? "home" : e.key === "End" ? "messages" : next;
    openConversation({ kind: "app", tab }).then(() => $(tab === "home" ? "tab-home" : "tab-messages").focus());
  });
  $("composer").addEventListener("submit", send);
  $("modal-form").addEventListener("submit", submitModal);
  $("modal-cancel").addEventListener("click", closeModal);
  $("modal-x").addEventListener("click", closeModal);
  $("modal").addEventListener("cancel", (e) => {
    e.preventDefault(); // Escape: close through the server, as Cancel does
    closeModal();
  });
  $("modal").addEventListener("close", restoreFocus);
  $("run-now").addEventListener("click", () => runDue(null));
  $("run-report-close").addEventListener("click", () => {
    $("run-report-box").hidden = true;
    $("run-now").focus();
  });
  $("run-at-form").addEventListener("submit", (e) => {
    e.preventDefault();
    runDue($("run-at").value);
  });

  const events = new EventSource("/sandbox/events");
  events.addEventListener("change", refreshSoon);
  events.addEventListener("open", refreshSoon);
  setInterval(refreshSoon, 15000); // in case an event was missed
  await openConversation(conv);
  document.body.dataset.ready = "true";
}

start().catch((e) => {
  $("conv-title").textContent = "The sandbox page could not start";
  showError(e);
});
