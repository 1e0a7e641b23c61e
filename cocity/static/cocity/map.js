/* Cocity maps: progressive enhancement only. Every map has a text twin on the page (a list of
 * the located ideas, the address and coordinates in text, number inputs for coordinates), so
 * nothing is lost when this file, Leaflet or the tile server is unavailable.
 * Data comes from data-* attributes and json_script blocks: no inline script (CSP script-src 'self').
 */
(function () {
  "use strict";

  function center(el) {
    var parts = (el.dataset.center || "").split(",").map(Number);
    return parts.length === 2 && parts.every(isFinite) ? parts : [50.6326, 5.5797];
  }

  function baseMap(el, options) {
    if (typeof window.L === "undefined" || !el.dataset.tiles) return null;
    el.hidden = false;
    var map = window.L.map(el, Object.assign({ scrollWheelZoom: false }, options || {}));
    window.L.tileLayer(el.dataset.tiles, {
      maxZoom: 19,
      attribution: el.dataset.attribution || "",
    }).addTo(map);
    return map;
  }

  function ideasMap(el) {
    var source = document.getElementById(el.dataset.points);
    if (!source) return;
    var points = JSON.parse(source.textContent);
    var map = baseMap(el);
    if (!map) return;
    var layer = window.L.featureGroup();
    points.forEach(function (p) {
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.title;
      var popup = document.createElement("div");
      popup.appendChild(link);
      if (p.address) {
        var address = document.createElement("p");
        address.textContent = p.address;
        popup.appendChild(address);
      }
      window.L.marker([p.lat, p.lng], { title: p.title, alt: p.title })
        .bindPopup(popup)
        .addTo(layer);
    });
    layer.addTo(map);
    if (points.length) {
      map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 16 });
    } else {
      map.setView(center(el), 13);
    }
  }

  function pointMap(el) {
    var lat = Number(el.dataset.lat);
    var lng = Number(el.dataset.lng);
    if (!isFinite(lat) || !isFinite(lng)) return;
    var map = baseMap(el);
    if (!map) return;
    map.setView([lat, lng], 16);
    window.L.marker([lat, lng], { title: el.dataset.label || "", alt: el.dataset.label || "" }).addTo(map);
  }

  function fields() {
    return {
      address: document.getElementById("id_address"),
      lat: document.getElementById("id_latitude"),
      lng: document.getElementById("id_longitude"),
    };
  }

  var picker = null;

  function setPickerPoint(lat, lng, pan) {
    if (!picker) return;
    if (picker.marker) {
      picker.marker.setLatLng([lat, lng]);
    } else {
      picker.marker = window.L.marker([lat, lng], { draggable: true, keyboard: true }).addTo(picker.map);
      picker.marker.on("dragend", function () {
        var ll = picker.marker.getLatLng();
        fill(null, ll.lat, ll.lng, false);
      });
    }
    if (pan) picker.map.setView([lat, lng], Math.max(picker.map.getZoom(), 16));
  }

  function fill(address, lat, lng, pan) {
    var f = fields();
    if (address !== null && f.address) f.address.value = address;
    if (f.lat) f.lat.value = Number(lat).toFixed(6);
    if (f.lng) f.lng.value = Number(lng).toFixed(6);
    setPickerPoint(Number(lat), Number(lng), pan);
  }

  function pickerMap(el) {
    var map = baseMap(el);
    if (!map) return;
    picker = { map: map, marker: null };
    var f = fields();
    var lat = f.lat && parseFloat(f.lat.value);
    var lng = f.lng && parseFloat(f.lng.value);
    if (isFinite(lat) && isFinite(lng)) {
      map.setView([lat, lng], 16);
      setPickerPoint(lat, lng, false);
    } else {
      map.setView(center(el), 13);
    }
    map.on("click", function (event) {
      fill(null, event.latlng.lat, event.latlng.lng, false);
    });
    [f.lat, f.lng].forEach(function (input) {
      if (!input) return;
      input.addEventListener("change", function () {
        var a = parseFloat(f.lat.value);
        var b = parseFloat(f.lng.value);
        if (isFinite(a) && isFinite(b)) setPickerPoint(a, b, true);
      });
    });
  }

  // Address search results: with the idea form on the page, a result fills it in place.
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-geo-fill]");
    if (!target || !fields().lat) return;
    event.preventDefault();
    fill(target.dataset.address, target.dataset.lat, target.dataset.lng, true);
    var status = document.getElementById("geo-results");
    if (status) {
      status.textContent = "";
      var note = document.createElement("p");
      note.setAttribute("role", "status");
      note.textContent = (status.dataset.chosenLabel || "") + " " + target.dataset.address;
      status.appendChild(note);
    }
    if (fields().address) fields().address.focus();
  });

  function init() {
    document.querySelectorAll("[data-map]").forEach(function (el) {
      try {
        if (el.dataset.map === "ideas") ideasMap(el);
        else if (el.dataset.map === "point") pointMap(el);
        else if (el.dataset.map === "picker") pickerMap(el);
      } catch (error) {
        el.hidden = true; // the text twin stays; a broken map must not break the page
        if (window.console) window.console.warn("Map unavailable:", error);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  // htmx swaps the idea results (map view): initialise any new map in the swapped fragment.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-map='ideas']").forEach(function (el) {
      if (!el.classList.contains("leaflet-container")) ideasMap(el);
    });
  });
})();
