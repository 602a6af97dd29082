// What a Slack workspace holds, as far as the bot can change it: people,
// conversations and their messages (ephemeral ones visible to one person),
// uploaded files, open modals and each person's App Home. The emulator's Web
// API methods change it; the sandbox page shows it.
import { EventEmitter } from "node:events";

export type Json = Record<string, unknown>;

export interface Person {
  id: string;
  /** Display name, as Slack shows it beside messages and in mentions. */
  name: string;
  /** Slack's short display name, typed after @ (Slack's client then sends <@U…>). */
  handle?: string;
  title?: string;
  email?: string;
  isBot?: boolean;
}

export interface Conversation {
  id: string;
  /** Channel name without the #; for a DM, the person's name. */
  name: string;
  kind: "channel" | "im";
  /** For a DM: the person the bot is talking to. */
  user?: string;
  topic?: string;
}

export interface FileRecord {
  id: string;
  filename: string;
  title: string;
  altText: string | null;
  /** What files.getUploadURLExternal announced. */
  length: number;
  bytes: Buffer;
  uploaded: boolean;
  /** files.completeUploadExternal has made it a Slack file (shared to a channel or not). */
  completed: boolean;
}

export interface Message {
  channel: string;
  ts: string;
  /** Author: the bot's user id or a person's. */
  user: string;
  text: string;
  blocks?: Json[];
  files?: string[];
  /** Only this person sees it ("Only visible to you"). */
  ephemeralTo?: string;
  /** The slash command an ephemeral reply answers, shown with it. */
  inReplyTo?: string;
  edited?: boolean;
  /** What real Slack would have refused in the call that made it. */
  problems?: string[];
  /** Bumped on every change, so a page can tell which messages to redraw. */
  version: number;
}

export interface View {
  id: string;
  user: string;
  type: "modal" | "home";
  view: Json;
  version: number;
}

/** What changed, so the page refreshes only what it shows. */
export interface Change {
  channel?: string;
  user?: string;
  what: "message" | "modal" | "home" | "conversation";
}

/** Slack's DM ids are opaque; ours are derived from the user id so tests can predict them. */
export const dmIdFor = (userId: string): string => `D${userId.slice(1, 11).padEnd(10, "0")}`;

export class Workspace extends EventEmitter<{ change: [Change] }> {
  readonly people = new Map<string, Person>();
  readonly conversations = new Map<string, Conversation>();
  readonly files = new Map<string, FileRecord>();
  private readonly messages = new Map<string, Message[]>();
  /** Each person's modal stack (views.push adds, a submission without response_action closes all). */
  private readonly modals = new Map<string, View[]>();
  private readonly homes = new Map<string, View>();
  private lastTs = 0;
  private viewSeq = 0;

  /** Milliseconds since the epoch: message timestamps follow this clock (the sandbox may run ahead of real time). */
  constructor(private readonly clock: () => number = Date.now) {
    super();
  }

  addPerson(p: Person): void {
    this.people.set(p.id, p);
  }

  addChannel(id: string, name: string, topic?: string): Conversation {
    const c: Conversation = { id, name, kind: "channel", ...(topic ? { topic } : {}) };
    this.conversations.set(id, c);
    return c;
  }

  nameOf(userId: string): string {
    return this.people.get(userId)?.name ?? userId;
  }

  /** A conversation by id, made on first use: the bot may post to channels nobody declared (tests do). */
  conversation(id: string): Conversation {
    let c = this.conversations.get(id);
    if (!c) {
      c = { id, name: id, kind: id.startsWith("D") ? "im" : "channel" };
      this.conversations.set(id, c);
    }
    return c;
  }

  openDm(userId: string): Conversation {
    const id = dmIdFor(userId);
    const existing = this.conversations.get(id);
    if (existing?.user) return existing;
    const c: Conversation = { id, name: this.nameOf(userId), kind: "im", user: userId };
    this.conversations.set(id, c);
    this.emit("change", { channel: id, user: userId, what: "conversation" });
    return c;
  }

  /** Unique, increasing, and close to the real time, as Slack's are. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.clock()) * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  post(m: Omit<Message, "ts" | "version">): Message {
    this.conversation(m.channel);
    const msg: Message = { ...m, ts: this.nextTs(), version: 1 };
    this.messages.set(m.channel, [...(this.messages.get(m.channel) ?? []), msg]);
    this.emit("change", { channel: m.channel, what: "message" });
    return msg;
  }

  find(channel: string, ts: string): Message | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  update(channel: string, ts: string, change: Pick<Message, "text"> & Partial<Pick<Message, "blocks" | "problems">>): Message | undefined {
    const m = this.find(channel, ts);
    if (!m) return undefined;
    m.text = change.text;
    if (change.blocks) m.blocks = change.blocks;
    else delete m.blocks;
    if (change.problems?.length) m.problems = change.problems;
    m.edited = true;
    m.version++;
    this.emit("change", { channel, what: "message" });
    return m;
  }

  remove(channel: string, ts: string): boolean {
    const list = this.messages.get(channel) ?? [];
    const i = list.findIndex((m) => m.ts === ts);
    if (i < 0) return false;
    list.splice(i, 1);
    this.emit("change", { channel, what: "message" });
    return true;
  }

  /** What this person sees in a conversation: everything but other people's ephemeral messages. */
  messagesFor(channel: string, viewer: string): Message[] {
    return (this.messages.get(channel) ?? []).filter((m) => !m.ephemeralTo || m.ephemeralTo === viewer);
  }

  private newView(user: string, type: View["type"], view: Json): View {
    return { id: `V${String(++this.viewSeq).padStart(10, "0")}`, user, type, view, version: 1 };
  }

  openModal(user: string, view: Json): View {
    const v = this.newView(user, "modal", view);
    this.modals.set(user, [v]);
    this.emit("change", { user, what: "modal" });
    return v;
  }

  pushModal(user: string, view: Json): View {
    const v = this.newView(user, "modal", view);
    this.modals.set(user, [...(this.modals.get(user) ?? []), v]);
    this.emit("change", { user, what: "modal" });
    return v;
  }

  /** The modal or Home view with this id, wherever it is. */
  viewById(id: string): View | undefined {
    for (const stack of this.modals.values()) {
      const v = stack.find((s) => s.id === id);
      if (v) return v;
    }
    for (const v of this.homes.values()) if (v.id === id) return v;
    return undefined;
  }

  updateView(id: string, view: Json): View | undefined {
    const v = this.viewById(id);
    if (!v) return undefined;
    v.view = view;
    v.version++;
    this.emit("change", { user: v.user, what: v.type });
    return v;
  }

  topModal(user: string): View | undefined {
    return this.modals.get(user)?.at(-1);
  }

  /** Close the top modal (Cancel), or all of them. */
  closeModal(user: string, all = false): void {
    const stack = this.modals.get(user) ?? [];
    if (all) stack.length = 0;
    else stack.pop();
    this.emit("change", { user, what: "modal" });
  }

  publishHome(user: string, view: Json): View {
    const existing = this.homes.get(user);
    if (existing) {
      existing.view = view;
      existing.version++;
      this.emit("change", { user, what: "home" });
      return existing;
    }
    const v = this.newView(user, "home", view);
    this.homes.set(user, v);
    this.emit("change", { user, what: "home" });
    return v;
  }

  home(user: string): View | undefined {
    return this.homes.get(user);
  }
}
