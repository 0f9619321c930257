// The dashboard's charts: one row per module (requests by side, failures, shadow mismatches, sync lag)
// drawn with uPlot (served by the proxy, global `uPlot`), stage changes marked on every time axis. The
// proxy keeps the points (GET /migration/api/history); this file keeps a copy, asks only for what is new
// (?since=), and drops what fell out of the window.

const COLOURS = { legacy: "#6b7280", service: "#16a34a", failed: "#dc2626", fallbacks: "#f59e0b", mismatch: "#7c3aed", lag: "#2563eb", marker: "#0f172a" };

const CHARTS = [
  {
    key: "traffic", title: "requests/s by side",
    series: [{ label: "legacy", stroke: COLOURS.legacy, fill: "rgba(107,114,128,.12)" }, { label: "service", stroke: COLOURS.service, fill: "rgba(22,163,74,.12)" }],
    values: (m, rate) => [m.legacy.map(rate), m.service.map(rate)],
  },
  {
    key: "failures", title: "failures/s",
    series: [{ label: "failed", stroke: COLOURS.failed }, { label: "fallbacks", stroke: COLOURS.fallbacks }],
    values: (m, rate) => [m.failed.map(rate), m.fallbacks.map(rate)],
  },
  {
    key: "shadow", title: "shadow mismatch %",
    series: [{ label: "mismatched", stroke: COLOURS.mismatch }],
    // No comparison in an interval is no rate at all: a gap, not 0 %.
    values: m => [m.compared.map((c, i) => c > 0 ? 100 * m.mismatched[i] / c : null)],
  },
  {
    key: "lag", title: "sync lag (changes)",
    series: [{ label: "pending", stroke: COLOURS.lag }],
    values: m => [m.syncLag],
  },
];

export const esc = (text) => String(text ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

const markerLabel = (m) => m.to === "canary" && m.percent != null ? `canary ${m.percent} %` : m.to;

// Draws each marker of the module as a dashed vertical line with the new stage written beside it.
function markersPlugin(markersOf) {
  return {
    hooks: {
      draw: [u => {
        const { ctx, bbox } = u;
        let drawn = 0;
        ctx.save();
        ctx.strokeStyle = COLOURS.marker;
        ctx.fillStyle = COLOURS.marker;
        ctx.lineWidth = devicePixelRatio;
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.font = `${10 * devicePixelRatio}px system-ui, sans-serif`;
        for (const marker of markersOf()) {
          const x = Math.round(u.valToPos(marker.at / 1000, "x", true));
          if (x < bbox.left || x > bbox.left + bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.fillText(markerLabel(marker), x + 3 * devicePixelRatio, bbox.top + 10 * devicePixelRatio);
          drawn++;
        }
        ctx.restore();
        // How many changes this chart shows on its time axis, for a reader of the page (and its tests).
        u.root.parentElement.dataset.markersDrawn = drawn;
      }],
    },
  };
}

export class Charts {
  constructor(container) {
    this.container = container;
    this.modules = new Map(); // name -> { points, markers, charts, section }
    this.interval = 5;
    this.points = 720; // what the proxy keeps per module, and so does the page
    this.last = null; // the proxy's last complete sample (Unix ms): the next request asks for what came after
    this.onResize = () => this.resize();
    addEventListener("resize", this.onResize);
  }

  get since() { return this.last; }

  dispose() {
    removeEventListener("resize", this.onResize);
    for (const name of [...this.modules.keys()]) this.remove(name);
  }

  // Adds a reading of /migration/api/history (all of it when `full`, else what came after `since`) and redraws.
  add(history, full) {
    this.interval = history.intervalSeconds;
    this.points = history.points;
    for (const incoming of history.modules) {
      const module = this.module(incoming.name);
      // Two refreshes in flight at once (a slow answer) may bring the same points: each is kept once.
      const newest = module.points.at.length ? module.points.at[module.points.at.length - 1] : -Infinity;
      const first = incoming.at.findIndex(at => at > newest);
      if (first >= 0) for (const key of Object.keys(module.points)) module.points[key].push(...incoming[key].slice(first));
    }
    for (const marker of history.markers) {
      // A change after the newest point is read again with the next points: kept once.
      const module = this.modules.get(marker.module) ?? this.module(marker.module);
      if (!module.markers.some(m => m.at === marker.at && m.to === marker.to && m.percent === marker.percent)) module.markers.push(marker);
    }
    this.last = Math.max(this.last ?? 0, history.through);
    const names = new Set(history.modules.map(m => m.name));
    // A full reading names every module the proxy still has: the others left the plan.
    if (full) for (const name of [...this.modules.keys()]) if (!names.has(name)) this.remove(name);
    this.trim();
    for (const [name, module] of this.modules) this.draw(name, module);
  }

  module(name) {
    let module = this.modules.get(name);
    if (module) return module;
    const section = document.createElement("section");
    section.className = "module-charts";
    section.dataset.module = name;
    section.innerHTML = `<h3>${esc(name)} <span class="stage" data-stage></span></h3><div class="charts"></div><ul class="markers"></ul>`;
    // In name order, like the table.
    const next = [...this.container.children].find(s => s.dataset.module > name);
    this.container.insertBefore(section, next ?? null);
    module = {
      section,
      points: { at: [], legacy: [], service: [], failed: [], fallbacks: [], compared: [], mismatched: [], syncLag: [], stage: [] },
      markers: [],
      charts: null,
    };
    this.modules.set(name, module);
    return module;
  }

  remove(name) {
    const module = this.modules.get(name);
    module.charts?.forEach(c => c.destroy());
    module.section.remove();
    this.modules.delete(name);
  }

  // Keeps what the proxy keeps: its last window / interval points of each module, and the changes since the first of them.
  trim() {
    const keep = this.points;
    for (const module of this.modules.values()) {
      const count = module.points.at.length - keep;
      if (count > 0) for (const key of Object.keys(module.points)) module.points[key].splice(0, count);
      const oldest = module.points.at.length ? module.points.at[0] - this.interval * 1000 : -Infinity;
      module.markers = module.markers.filter(m => m.at > oldest);
    }
  }

  width() {
    const total = this.container.clientWidth || 1200;
    return Math.max(220, Math.floor((total - 3 * 12) / CHARTS.length));
  }

  span(module, min, max) {
    const marks = module.markers.map(m => m.at / 1000);
    const from = Math.min(min ?? Infinity, ...marks), to = Math.max(max ?? -Infinity, ...marks);
    return Number.isFinite(from) ? (from === to ? [from - this.interval, to + this.interval] : [from, to]) : [0, 1];
  }

  resize() {
    const width = this.width();
    for (const module of this.modules.values()) module.charts?.forEach(c => c.setSize({ width, height: 170 }));
  }

  draw(name, module) {
    const p = module.points;
    const rate = count => count / this.interval;
    const xs = p.at.map(at => at / 1000);
    if (!module.charts) {
      const holder = module.section.querySelector(".charts");
      module.charts = CHARTS.map(chart => {
        const element = document.createElement("div");
        element.className = "chart";
        element.dataset.chart = chart.key;
        holder.appendChild(element);
        return new uPlot({
          title: chart.title, width: this.width(), height: 170,
          // The time axis reaches a stage change just before the first point too.
          scales: { x: { time: true, range: (u, min, max) => this.span(module, min, max) }, y: { range: (u, min, max) => [0, Math.max(1, max ?? 1) * 1.1] } },
          series: [{}, ...chart.series.map(s => ({ ...s, width: 1.5, spanGaps: false }))],
          axes: [{ space: 60 }, { size: 44 }],
          legend: { live: false },
          plugins: [markersPlugin(() => module.markers)],
        }, [xs, ...chart.values(p, rate)], element);
      });
    } else {
      module.charts.forEach((c, i) => c.setData([xs, ...CHARTS[i].values(p, rate)]));
    }

    // What was drawn, for a reader of the page (and its tests): how many points each side has, and the marks.
    const stage = p.stage.length ? p.stage[p.stage.length - 1] : "";
    const badge = module.section.querySelector("[data-stage]");
    badge.textContent = stage;
    badge.className = "stage " + stage;
    module.section.dataset.points = p.at.length;
    module.section.dataset.legacyPoints = p.legacy.filter(v => v > 0).length;
    module.section.dataset.servicePoints = p.service.filter(v => v > 0).length;
    module.section.dataset.markers = module.markers.length;
    module.section.querySelector(".markers").innerHTML = module.markers.map(m =>
      `<li data-marker data-to="${esc(m.to)}">${esc(new Date(m.at).toLocaleTimeString())}: ${esc(m.from)} &rarr; ${esc(markerLabel(m))}</li>`).join("");
  }
}
