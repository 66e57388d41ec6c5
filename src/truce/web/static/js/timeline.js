// Truce timeline: one zoomable time axis in plain SVG (no library), one lane per kind.
(function () {
  "use strict";
  const svg = document.getElementById("timeline-axis");
  const dataEl = document.getElementById("timeline-data");
  if (!svg || !dataEl) return;
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const items = JSON.parse(dataEl.textContent).map((d) => ({ ...d, t: Date.parse(d.date + "T12:00:00Z") }));
  const LANES = [
    ["process", "Talks & agreements", "#2e7d32"],
    ["agreement", "Agreement versions", "#1f5fa8"],
    ["incident", "Incidents", "#b3261e"],
    ["verdict", "Verdicts", "#111111"],
    ["penalty", "Penalties", "#8a5a00"],
  ];
  const LEFT = 150, TOP = 30, LANE_H = 50;
  let t0, t1;

  function reset() {
    if (!items.length) { t0 = Date.now() - 30 * DAY; t1 = Date.now(); return; }
    const lo = Math.min(...items.map((d) => d.t)), hi = Math.max(...items.map((d) => d.t));
    const pad = Math.max(2 * DAY, (hi - lo) * 0.05);
    t0 = lo - pad; t1 = hi + pad;
  }
  function width() { return svg.clientWidth || 900; }
  function x(t) { return LEFT + ((t - t0) / (t1 - t0)) * (width() - LEFT - 20); }
  function node(name, attrs, text) {
    const n = document.createElementNS(NS, name);
    for (const k in attrs) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  }
  function ticks() {
    const span = (t1 - t0) / DAY;
    const out = [];
    const d = new Date(t0);
    if (span > 120) {
      d.setUTCDate(1); d.setUTCHours(0, 0, 0, 0);
      while (d.getTime() < t1) {
        out.push([d.getTime(), d.toISOString().slice(0, 7)]);
        d.setUTCMonth(d.getUTCMonth() + 1);
      }
    } else {
      const step = span > 30 ? 7 : span > 10 ? 2 : 1;
      d.setUTCHours(0, 0, 0, 0);
      while (d.getTime() < t1) {
        out.push([d.getTime(), d.toISOString().slice(5, 10)]);
        d.setUTCDate(d.getUTCDate() + step);
      }
    }
    return out;
  }
  function draw() {
    const w = width();
    const h = TOP + LANES.length * LANE_H + 10;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.style.height = h + "px";
    svg.replaceChildren();
    for (const [t, label] of ticks()) {
      const xx = x(t);
      if (xx < LEFT) continue;
      svg.append(node("line", { x1: xx, x2: xx, y1: TOP - 8, y2: h - 10, stroke: "#eef1f6" }));
      svg.append(node("text", { x: xx + 2, y: TOP - 12, class: "tick" }, label));
    }
    LANES.forEach(([lane, label, colour], i) => {
      const y = TOP + i * LANE_H + LANE_H / 2;
      svg.append(node("line", { x1: LEFT, x2: w - 10, y1: y, y2: y, stroke: "#d9dee6" }));
      svg.append(node("text", { x: 8, y: y + 4, class: "lane-label" }, label));
      for (const d of items.filter((it) => it.lane === lane && it.t >= t0 && it.t <= t1)) {
        const r = lane === "incident" ? 5 + 1.6 * Math.sqrt(d.fatalities || 0) : 6;
        const a = node("a", { href: d.href, class: "item" });
        const c = node("circle", { cx: x(d.t), cy: y, r, fill: colour, "fill-opacity": 0.75, stroke: "#fff" });
        c.append(node("title", {}, `${d.date}: ${d.title}`));
        a.append(c);
        svg.append(a);
      }
    });
  }
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const rect = svg.getBoundingClientRect();
    const at = t0 + ((ev.clientX - rect.left - LEFT) / (rect.width - LEFT - 20)) * (t1 - t0);
    const k = ev.deltaY > 0 ? 1.25 : 0.8;
    const span = Math.max(3 * DAY, (t1 - t0) * k);
    const f = (at - t0) / (t1 - t0);
    t0 = at - f * span; t1 = t0 + span;
    draw();
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (ev) => { drag = { x: ev.clientX, t0, t1 }; });
  window.addEventListener("pointerup", () => { drag = null; });
  window.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const per = (drag.t1 - drag.t0) / (svg.getBoundingClientRect().width - LEFT - 20);
    const dt = (ev.clientX - drag.x) * per;
    t0 = drag.t0 - dt; t1 = drag.t1 - dt;
    draw();
  });
  document.getElementById("tl-reset").addEventListener("click", () => { reset(); draw(); });
  window.addEventListener("resize", draw);
  reset();
  draw();
  svg.dataset.items = String(items.length);
})();
