// Truce incident map: Leaflet without tiles. Country outlines and the AF–PK boundary come
// from Natural Earth (npm world-atlas) served by Truce; incidents come from /api/map.
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el) return;
  const colours = JSON.parse(el.dataset.colours || "{}");
  const form = document.getElementById("map-filters");
  const count = document.getElementById("map-count");
  const note = document.getElementById("map-note");
  const exportLink = document.getElementById("map-export");
  const map = L.map(el, { zoomSnap: 0.25, minZoom: 3, maxZoom: 12, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas");
  map.setView([33.0, 68.5], 5.5);
  el.style.background = "#dde8ef";

  const STATUS_STROKE = {
    verified: "#111", appealed: "#111", disputed: "#555", under_verification: "#555",
    reported: "#555", unverifiable: "#bbb", not_a_violation: "#bbb", retracted: "#bbb", no_case: "#fff",
  };

  fetch("/static/vendor/world-atlas/countries-50m.json")
    .then((r) => r.json())
    .then((world) => {
      const countries = topojson.feature(world, world.objects.countries);
      L.geoJSON(countries, {
        interactive: false,
        style: (f) => ({
          color: "#a7a39a", weight: 0.7, fillOpacity: 1,
          fillColor: f.id === "004" || f.id === "586" ? "#f7f4ea" : "#ebe8df",
        }),
      }).addTo(map).bringToBack();
      const border = topojson.mesh(world, world.objects.countries, (a, b) =>
        (a.id === "004" && b.id === "586") || (a.id === "586" && b.id === "004"));
      L.geoJSON(border, { interactive: false, style: { color: "#b22222", weight: 2.5, dashArray: "7 4" } })
        .addTo(map);
    })
    .catch((err) => { note.textContent = "Country outlines could not be loaded: " + err; });

  const cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
  map.addLayer(cluster);

  function radius(f) { return 5 + 2.2 * Math.sqrt(Math.max(0, f || 0)); }
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
  function label(s) { return String(s).replace(/_/g, " "); }

  function popup(p) {
    const dead = p.fatalities == null ? "no figure" : p.fatalities;
    return `<div class="incident-popup"><strong><a href="${esc(p.href)}">Incident ${p.id}</a></strong>: ` +
      `${esc(label(p.event_type))}<br>${esc(p.date)}${p.date_end !== p.date ? " – " + esc(p.date_end) : ""}` +
      ` · ${esc(p.location || "place not known")} ${esc(p.country_code || "")}<br>` +
      `killed: ${esc(dead)} · status: ${esc(label(p.status))}<br>` +
      `alleged: ${esc(p.accused.join(", ") || "–")} · ${esc(p.border_km)} km from the AF–PK border</div>`;
  }

  function params() {
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (v) q.set(k, v);
    return q;
  }

  // Filters can change faster than the server answers: only the newest request may
  // draw markers or clear the busy flag, so a slow stale answer never wins.
  let latest = 0;

  function load() {
    const q = params();
    const ticket = ++latest;
    exportLink.href = "/api/exports/incidents.csv" + (q.toString() ? "?" + q : "");
    el.setAttribute("aria-busy", "true");
    return fetch("/api/map?" + q, { headers: { accept: "application/json" } })
      .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
      .then(({ ok, body }) => {
        if (ticket !== latest) return;
        cluster.clearLayers();
        if (!ok) { note.textContent = body.error || "the map could not be loaded"; return; }
        const markers = body.features.map((f) => {
          const p = f.properties;
          const [lon, lat] = f.geometry.coordinates;
          const m = L.circleMarker([lat, lon], {
            radius: radius(p.fatalities), color: STATUS_STROKE[p.status] || "#555",
            weight: p.status === "verified" ? 3 : 1.5, fillColor: colours[p.event_type] || "#7f8c8d",
            fillOpacity: 0.85, className: "incident-marker status-" + p.status,
          });
          m.bindPopup(popup(p));
          m.bindTooltip(`#${p.id} ${label(p.event_type)}, ${p.location || ""}`);
          m.on("dblclick", () => { window.location.href = p.href; });
          m.feature = f;
          return m;
        });
        cluster.addLayers(markers);
        el.dataset.markers = String(markers.length);
        count.textContent = `(${markers.length}${body.truncated ? " of " + body.total : ""})`;
        note.textContent = body.truncated
          ? `Showing the newest ${markers.length} of ${body.total} incidents: narrow the filters to see the rest.`
          : "Click a marker for details; the link opens the incident.";
      })
      .catch((err) => { if (ticket === latest) note.textContent = "The map could not be loaded: " + err; })
      .finally(() => { if (ticket === latest) el.setAttribute("aria-busy", "false"); });
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  form.addEventListener("change", () => load());
  load();
})();
