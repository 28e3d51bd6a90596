/*
 * rscmock stand-in for LinkedIn's in.js (https://platform.linkedin.com/xdoor/scripts/in.js).
 *
 * Embed it as LinkedIn documents:
 *   <script type="text/javascript" src="{rscmock}/xdoor/scripts/in.js">
 *   api_key: {child application client id}
 *   extensions: HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget
 *   </script>
 *   <script type="IN/HcmWidget" data-widget-type="ATS" data-ats-candidate-id="…"
 *     data-integration-context="urn:li:organization:…" data-show-unlink-url="true"
 *     data-confirm-unlink="true" data-onlink="link" data-onunlink="unlink" data-width="800"></script>
 *
 * Each IN/HcmWidget and IN/ATSIntegrationWidget script element whose extension is
 * declared is replaced by <span class="IN-widget"> holding an iframe served by rscmock. When the widget reports
 * a link, an unlink or an integration request, the page's global function named by
 * data-onlink, data-onunlink or data-onintegrate is called with the person URN (or
 * the array of requested integrations). IN.parse() renders widgets added later.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.src) {
    return;
  }
  var base = new URL(me.src, document.baseURI).origin;
  var config = {};
  (me.textContent || "").split(/\r?\n/).forEach(function (line) {
    var i = line.indexOf(":");
    if (i > 0) {
      config[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
  });
  var IN = (window.IN = window.IN || {});
  if (IN.rscmock) {
    // A second in.js on the page (one per widget, as in LinkedIn's docs).
    IN.rscmock.addConfig(config);
    return;
  }
  var state = { apiKey: "", extensions: {}, frames: [] };
  function addConfig(c) {
    if (!state.apiKey && c.api_key) {
      state.apiKey = c.api_key;
    }
    (c.extensions || "").split(",").forEach(function (e) {
      var name = e.split("@")[0].trim();
      if (name) {
        state.extensions[name] = true;
      }
    });
  }
  addConfig(config);
  var widgets = {
    "IN/HcmWidget": {
      ext: "HcmWidget", path: "/_widgets/profile", height: 620,
      attrs: {
        "data-widget-type": "widgetType", "data-ats-candidate-id": "atsCandidateId",
        "data-integration-context": "integrationContext", "data-integration-contract": "integrationContract",
        "data-show-unlink-url": "showUnlinkUrl", "data-confirm-unlink": "confirmUnlink", "data-width": "width"
      }
    },
    "IN/ATSIntegrationWidget": {
      ext: "ATSIntegrationWidget", path: "/_widgets/onboarding", height: 480,
      attrs: { "data-supported-bundled-integration-types": "supportedBundledIntegrationTypes", "data-width": "width" }
    }
  };
  function render(el) {
    var w = widgets[el.getAttribute("type")];
    if (!w || el.getAttribute("data-rscmock-rendered")) {
      return;
    }
    el.setAttribute("data-rscmock-rendered", "true");
    if (!state.extensions[w.ext]) {
      console.warn("rscmock in.js: " + el.getAttribute("type") + " needs \"extensions: " + w.ext + "@…\" in the in.js script tag");
      return;
    }
    var params = new URLSearchParams();
    params.set("apiKey", state.apiKey);
    Object.keys(w.attrs).forEach(function (a) {
      var v = el.getAttribute(a);
      if (v !== null) {
        params.set(w.attrs[a], v);
      }
    });
    var frame = document.createElement("iframe");
    frame.setAttribute("referrerpolicy", "origin");
    frame.src = base + w.path + "?" + params.toString();
    frame.title = w.ext + " (rscmock)";
    frame.width = el.getAttribute("data-width") || "100%";
    frame.height = String(w.height);
    frame.style.border = "0";
    frame.className = "rscmock-widget";
    var span = document.createElement("span");
    span.className = "IN-widget";
    span.setAttribute("data-widget", w.ext);
    span.appendChild(frame);
    el.parentNode.replaceChild(span, el);
    state.frames.push({ frame: frame, el: el });
  }
  function parse(root) {
    var sel = Object.keys(widgets).map(function (t) { return 'script[type="' + t + '"]'; }).join(",");
    Array.prototype.forEach.call((root || document).querySelectorAll(sel), render);
  }
  window.addEventListener("message", function (ev) {
    var d = ev.data;
    if (ev.origin !== base || !d || typeof d.type !== "string") {
      return;
    }
    var f = null;
    state.frames.forEach(function (x) {
      if (x.frame.contentWindow === ev.source) {
        f = x;
      }
    });
    if (!f) {
      return;
    }
    if (d.type === "rsc-resize") {
      if (d.height > 0) {
        f.frame.height = String(Math.ceil(d.height) + 4);
      }
      return;
    }
    var attr = { "rsc-link": "data-onlink", "rsc-unlink": "data-onunlink", "rsc-integrate": "data-onintegrate" }[d.type];
    var name = attr && f.el.getAttribute(attr);
    if (name && typeof window[name] === "function") {
      window[name](d.type === "rsc-integrate" ? d.integrations : d.member);
    } else if (name) {
      console.warn("rscmock in.js: " + attr + "=\"" + name + "\" names no global function");
    }
  });
  IN.rscmock = { addConfig: addConfig, state: state, base: base };
  IN.parse = parse;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { parse(); });
  } else {
    parse();
  }
})();
