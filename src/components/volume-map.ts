/**
 * <volume-map>: a live picture of where the session's data lives — its containers on the left, its
 * volumes on the right, and a line for each mount from the container to the volume it mounts.
 *
 * It draws from the latest `lab-state` event of any <lab-terminal> on the page: every terminal of a
 * page shares one session, so whichever spoke last is the truth. VolumeMap.astro gives the markup:
 *   [data-figure]  role=img box the SVG is drawn into; its aria-label summarises the picture.
 *   [data-empty]   the text shown instead of a picture when there is nothing (or nothing yet).
 *   [data-facts]   a visually hidden list saying in words what the picture shows.
 * None of these is a live region: a picture redrawn after every command must not talk every time.
 *
 * Drawn at the element's own pixel width (not a scaled viewBox), so text stays the same size on a
 * phone as on a laptop; the picture grows downwards and the box around it scrolls.
 */
import type { LabStateDetail } from './lab-terminal.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Geometry in CSS pixels. */
const PAD = 4;
const MIN_WIDTH = 260;
/** Name, status and image, one line each: side by side they would not fit a narrow column. */
const BOX_HEAD = 58;
const MOUNT_ROW = 20;
const BOX_GAP = 12;
const VOLUME_HEIGHT = 50;
const VOLUME_RY = 6;
const VOLUME_GAP = 10;
/** Rough advance of one monospace character at the 12px the labels use; for truncating, not layout. */
const CHAR_WIDTH = 7.3;
/** Anonymous volumes are named by 64 hex digits; 12 is what `docker` itself shows. */
const ANONYMOUS_CHARS = 12;

type Container = LabStateDetail['containers'][number];
type Mount = Container['mounts'][number];

interface VolumeFacts {
  name: string;
  anonymous: boolean;
  mountedBy: string[];
}

export function shortVolumeName(name: string, anonymous: boolean): string {
  return anonymous ? name.slice(0, ANONYMOUS_CHARS) : name;
}

function clip(text: string, width: number): string {
  const chars = Math.max(3, Math.floor(width / CHAR_WIDTH));
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

/**
 * The image, said as such where there is room (two containers of two images side by side must not
 * read as two more names); where there is not, the reference alone, as much of it as fits.
 */
function imageLine(image: string, width: number): string {
  const said = `image ${image}`;
  return clip(said, width) === said ? said : clip(image, width);
}

/**
 * A path cut at its start, where it must be cut: its end says where the mount is
 * (`…/nginx/html`, not `/usr/share/n…`), and it starts at a `/` when that leaves a word or two.
 */
function clipPath(path: string, width: number): string {
  const chars = Math.max(3, Math.floor(width / CHAR_WIDTH));
  if (path.length <= chars) return path;
  const tail = path.slice(path.length - (chars - 1));
  const slash = tail.indexOf('/');
  return `…${slash > 0 && tail.length - slash >= 4 ? tail.slice(slash) : tail}`;
}

/** Every volume the picture needs: the listed ones plus any a mount names that the list missed. */
function volumesOf(state: LabStateDetail): VolumeFacts[] {
  const byName = new Map<string, VolumeFacts>();
  for (const volume of state.volumes) byName.set(volume.name, { ...volume, mountedBy: [] });
  for (const container of state.containers) {
    for (const mount of container.mounts) {
      let volume = byName.get(mount.volume);
      if (!volume) {
        volume = { name: mount.volume, anonymous: mount.anonymous, mountedBy: [] };
        byName.set(mount.volume, volume);
      }
      if (!volume.mountedBy.includes(container.name)) volume.mountedBy.push(container.name);
    }
  }
  return [...byName.values()];
}

function mountPhrase(container: Container, mount: Mount): string {
  const volume = mount.anonymous ? `anonymous volume ${shortVolumeName(mount.volume, true)}` : mount.volume;
  return `${container.name} (${container.running ? 'running' : 'stopped'}) mounts ${volume} at ${mount.target}${
    mount.readOnly ? ', read-only' : ''
  }`;
}

/** The facts of the picture in sentences, for the hidden list and for tests. */
export function describeState(state: LabStateDetail): string[] {
  const lines: string[] = [];
  for (const container of state.containers) {
    const status = container.running ? 'running' : 'stopped';
    lines.push(`Container ${container.name} (${status}), image ${container.image}`);
    if (container.mounts.length === 0) lines.push(`${container.name} (${status}) mounts no volumes`);
    for (const mount of container.mounts) lines.push(mountPhrase(container, mount));
  }
  for (const volume of volumesOf(state)) {
    const name = volume.anonymous
      ? `Anonymous volume ${shortVolumeName(volume.name, true)}`
      : `Volume ${volume.name}`;
    lines.push(
      volume.mountedBy.length > 0
        ? `${name}, mounted by ${volume.mountedBy.join(', ')}`
        : `${name}, not mounted by any container`,
    );
  }
  return lines;
}

function summary(state: LabStateDetail): string {
  const volumes = volumesOf(state).length;
  const containers = state.containers.length;
  const mounts = state.containers.reduce((n, c) => n + c.mounts.length, 0);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `Where your data lives: ${plural(containers, 'container')}, ${plural(volumes, 'volume')}, ${plural(mounts, 'mount')}`;
}

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A native tooltip with the full text, for names the picture had to shorten. */
function withTitle<T extends SVGElement>(node: T, title: string): T {
  node.prepend(el('title', {}, title));
  return node;
}

function boxHeight(container: Container): number {
  return BOX_HEAD + container.mounts.length * MOUNT_ROW + (container.mounts.length > 0 ? 6 : 0);
}

/** Builds the whole picture for `state` at `width` pixels; the caller swaps it in at once. */
function draw(state: LabStateDetail, width: number): SVGSVGElement {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  // The gap between the columns is where the lines run; it shrinks on narrow screens first.
  const gap = Math.round(Math.min(140, Math.max(36, w * 0.16)));
  const column = Math.floor((w - 2 * PAD - gap) / 2);
  const leftX = PAD;
  const rightX = PAD + column + gap;

  const layer = { lines: el('g', { class: 'vm-lines' }), boxes: el('g', {}), volumes: el('g', {}) };

  // Containers, top to bottom in the server's order; remember where each mount's line starts.
  const starts = new Map<string, number[]>();
  let y = PAD;
  const lineStarts: Array<{ y: number; mount: Mount }> = [];
  for (const container of state.containers) {
    const h = boxHeight(container);
    const status = container.running ? 'running' : 'stopped';
    const group = el('g', { class: `vm-container vm-${status}` });
    group.append(el('rect', { class: 'vm-box', x: leftX, y, width: column, height: h, rx: 7 }));
    group.append(el('rect', { class: 'vm-stripe', x: leftX, y, width: 4, height: h, rx: 2 }));
    const textX = leftX + 12;
    group.append(
      withTitle(
        el('text', { class: 'vm-name', x: textX, y: y + 17 }, clip(container.name, column - 20)),
        container.name,
      ),
    );
    // Colour says it at a glance; the glyph and word say it without colour.
    group.append(
      el('text', { class: 'vm-status', x: textX, y: y + 33 }, container.running ? '● running' : '■ stopped'),
    );
    group.append(
      withTitle(
        el('text', { class: 'vm-meta', x: textX, y: y + 49 }, imageLine(container.image, column - 20)),
        `image ${container.image}`,
      ),
    );
    container.mounts.forEach((mount, index) => {
      const rowY = y + BOX_HEAD + index * MOUNT_ROW;
      const centre = rowY + MOUNT_ROW / 2;
      group.append(el('line', { class: 'vm-rule', x1: textX, x2: leftX + column - 1, y1: rowY, y2: rowY }));
      const label = el('text', {
        class: 'vm-target',
        x: leftX + column - 12,
        y: centre + 4,
        'text-anchor': 'end',
      });
      const room = column - 36 - (mount.readOnly ? 4 * CHAR_WIDTH : 0);
      label.append(document.createTextNode(clipPath(mount.target, room)));
      if (mount.readOnly) {
        const ro = el('tspan', { class: 'vm-ro', dx: 6 }, 'ro');
        label.append(ro);
      }
      group.append(withTitle(label, `${mount.target}${mount.readOnly ? ', read-only' : ''}`));
      group.append(el('circle', { class: 'vm-port', cx: leftX + column, cy: centre, r: 3.5 }));
      lineStarts.push({ y: centre, mount });
      const list = starts.get(mount.volume) ?? [];
      list.push(centre);
      starts.set(mount.volume, list);
    });
    layer.boxes.append(group);
    y += h + BOX_GAP;
  }
  const leftBottom = y;

  // Volumes ordered by where their first line starts, so lines cross little and a volume sits beside
  // the first container that mounts it (as near level as the volume above allows). Unmounted ones
  // follow, by name.
  const volumes = volumesOf(state);
  const wanted = (v: VolumeFacts): number => {
    const ys = starts.get(v.name);
    return ys ? Math.min(...ys) : Number.POSITIVE_INFINITY;
  };
  volumes.sort((a, b) => wanted(a) - wanted(b) || a.name.localeCompare(b.name));
  const centres = new Map<string, number>();
  let next = PAD;
  for (const volume of volumes) {
    const ideal = wanted(volume);
    const top = Number.isFinite(ideal) ? Math.max(next, ideal - VOLUME_HEIGHT / 2) : next;
    centres.set(volume.name, top + VOLUME_HEIGHT / 2);
    const kind = volume.anonymous ? 'vm-anonymous' : 'vm-named';
    const group = el('g', { class: `vm-volume ${kind}` });
    const x = rightX;
    const bottom = top + VOLUME_HEIGHT;
    // A cylinder: the body, then the top face drawn over it.
    group.append(
      el('path', {
        class: 'vm-drum',
        d: `M${x} ${top + VOLUME_RY}v${VOLUME_HEIGHT - 2 * VOLUME_RY}a${column / 2} ${VOLUME_RY} 0 0 0 ${column} 0v${-(
          VOLUME_HEIGHT -
          2 * VOLUME_RY
        )}`,
      }),
    );
    group.append(
      el('ellipse', {
        class: 'vm-lid',
        cx: x + column / 2,
        cy: top + VOLUME_RY,
        rx: column / 2,
        ry: VOLUME_RY,
      }),
    );
    const name = shortVolumeName(volume.name, volume.anonymous);
    group.append(
      withTitle(
        el('text', { class: 'vm-name', x: x + 10, y: top + 28 }, clip(name, column - 16)),
        volume.name,
      ),
    );
    const meta = volume.anonymous ? 'anonymous' : volume.mountedBy.length > 0 ? 'volume' : 'volume · unused';
    group.append(el('text', { class: 'vm-meta', x: x + 10, y: bottom - 9 }, meta));
    layer.volumes.append(group);
    next = bottom + VOLUME_GAP;
  }

  for (const { y: from, mount } of lineStarts) {
    const to = centres.get(mount.volume);
    if (to === undefined) continue;
    const x1 = leftX + column + 3.5;
    const x2 = rightX;
    const bend = (x2 - x1) / 2;
    layer.lines.append(
      el('path', {
        class: mount.readOnly ? 'vm-line vm-line-ro' : 'vm-line',
        d: `M${x1} ${from}C${x1 + bend} ${from} ${x2 - bend} ${to} ${x2} ${to}`,
      }),
    );
  }

  const height = Math.ceil(Math.max(leftBottom - BOX_GAP, next - VOLUME_GAP) + PAD);
  const svg = el('svg', {
    width: w,
    height,
    viewBox: `0 0 ${w} ${height}`,
    'aria-hidden': 'true',
    focusable: 'false',
  });
  svg.append(layer.lines, layer.boxes, layer.volumes);
  return svg;
}

export class VolumeMap extends HTMLElement {
  #state: LabStateDetail | null = null;
  /** What was last drawn, so an unchanged state (most commands change nothing) touches nothing. */
  #drawn = '';
  #frame = 0;
  #resize: ResizeObserver | null = null;
  #width = 0;

  #onState = (event: CustomEvent<LabStateDetail>): void => this.show(event.detail);

  connectedCallback(): void {
    document.addEventListener('lab-state', this.#onState);
    const figure = this.querySelector<HTMLElement>('[data-figure]');
    if (figure) {
      this.#resize = new ResizeObserver(() => {
        const width = figure.clientWidth;
        if (width > 0 && width !== this.#width) this.#schedule();
      });
      this.#resize.observe(figure);
    }
  }

  disconnectedCallback(): void {
    document.removeEventListener('lab-state', this.#onState);
    this.#resize?.disconnect();
    this.#resize = null;
    cancelAnimationFrame(this.#frame);
  }

  /** The state last shown, or null before the first one arrived. */
  get state(): LabStateDetail | null {
    return this.#state;
  }

  /** Draws `state`; exposed so a page without a terminal (or a test) can feed the picture itself. */
  show(state: LabStateDetail): void {
    this.#state = state;
    this.#renderFacts(state);
    // Drawing waits for a frame so a burst of states (two terminals) is drawn once, in one swap.
    this.#schedule();
  }

  #schedule(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => this.#renderPicture());
  }

  #renderFacts(state: LabStateDetail): void {
    const empty = state.volumes.length === 0 && state.containers.length === 0;
    const facts = this.querySelector<HTMLElement>('[data-facts]');
    const lines = describeState(state);
    if (facts && facts.dataset.text !== lines.join('\n')) {
      facts.dataset.text = lines.join('\n');
      facts.replaceChildren(
        ...lines.map((line) => {
          const li = document.createElement('li');
          li.textContent = line;
          return li;
        }),
      );
    }
    const message = this.querySelector<HTMLElement>('[data-empty]');
    if (message) {
      message.hidden = !empty;
      message.textContent = 'No volumes or containers yet — create one in the terminal.';
    }
    const figure = this.querySelector<HTMLElement>('[data-figure]');
    if (figure) {
      figure.hidden = empty;
      figure.setAttribute('aria-label', summary(state));
    }
    this.dataset.volumes = String(volumesOf(state).length);
    this.dataset.containers = String(state.containers.length);
  }

  #renderPicture(): void {
    const state = this.#state;
    const figure = this.querySelector<HTMLElement>('[data-figure]');
    if (!state || !figure || figure.hidden) return;
    const width = figure.clientWidth;
    // A collapsed panel has no width: draw when it opens (the ResizeObserver calls back then).
    if (width === 0) return;
    const key = `${width}|${JSON.stringify(state)}`;
    if (key === this.#drawn) return;
    this.#drawn = key;
    this.#width = width;
    // One swap of a fully built picture: the old one stays up until the new one replaces it.
    const old = figure.querySelector('svg');
    const svg = draw(state, width);
    if (old) old.replaceWith(svg);
    else figure.append(svg);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volume-map': VolumeMap;
  }
}

if (!customElements.get('volume-map')) customElements.define('volume-map', VolumeMap);
