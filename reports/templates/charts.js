/* chatreach reports: draws every chart of the page and lays the charts out for printing. */
(function () {
  var TEMPLATE = /* the "chatreach" plotly template, written in by reports/site.py */ null;
  var CONFIG = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"]
  };

  /* Drawn once the page is parsed, so every chart takes the width of the card it sits in. */
  function draw() {
    document.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (node) {
      var target = document.getElementById(node.getAttribute("data-chart"));
      if (!target || !window.Plotly) { return; }
      var figure = JSON.parse(node.textContent);
      figure.layout.template = TEMPLATE;
      window.Plotly.newPlot(target, figure.data, figure.layout, CONFIG);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }

  /* Printing: open every table, and scale each chart to the page instead of cutting it off. */
  function plots() { return document.querySelectorAll(".js-plotly-plot"); }
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) {
      if (!d.open) { d.setAttribute("data-print-opened", ""); d.open = true; }
    });
    plots().forEach(function (div) {
      var layout = div._fullLayout;
      var box = div.querySelector(".svg-container");
      if (!layout || !box) { return; }
      if (div._responsiveChartHandler) {
        window.removeEventListener("resize", div._responsiveChartHandler);
      }
      div.querySelectorAll("svg.main-svg").forEach(function (svg) {
        svg.setAttribute("viewBox", "0 0 " + layout.width + " " + layout.height);
        svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
        svg.style.width = "100%";
        svg.style.height = "auto";
      });
      box.style.width = "100%";
      box.style.height = "auto";
      box.style.aspectRatio = layout.width + " / " + layout.height;
      div.style.height = "auto";
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.open = false; d.removeAttribute("data-print-opened");
    });
    plots().forEach(function (div) {
      div.querySelectorAll("svg.main-svg").forEach(function (svg) {
        svg.removeAttribute("viewBox"); svg.style.width = ""; svg.style.height = "";
      });
      var box = div.querySelector(".svg-container");
      if (box) { box.style.aspectRatio = ""; }
      div.style.height = "";
      if (div._responsiveChartHandler) {
        window.addEventListener("resize", div._responsiveChartHandler);
      }
      if (window.Plotly) { window.Plotly.Plots.resize(div); }
    });
  });
})();
