/* An offer's page with opening hours: whether it is open now, on the county's clock
 * (data-time-zone, ANGEBOTE_TIMEZONE) whatever time zone the device is set to, and today's row of
 * the table marked. Without this script the line stays hidden and no row is marked: the page
 * says nothing it cannot know. The hours come from the table (data-day, data-slots "09:00-12:00");
 * all visible texts from the page (data-* attributes written through gettext). */
(function () {
  "use strict";
  var line = document.querySelector(".open-now");
  var rows = document.querySelectorAll(".hours [data-day]");
  if (!line || !rows.length) { return; }
  var texts = line.dataset;
  var DAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"];
  var ENGLISH = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  /* Weekday (0 = Monday) and minute of the day on the county's clock; null where the browser does
   * not know that time zone (then the page says nothing rather than something false). */
  function countyNow() {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: texts.timeZone, weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23" })
        .formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    } catch (error) {
      return null;
    }
    var day = ENGLISH.indexOf(parts.weekday);
    return day < 0 ? null : { day: day, minute: Number(parts.hour) * 60 + Number(parts.minute) };
  }

  function minutes(text) {
    var pieces = text.split(":");
    return Number(pieces[0]) * 60 + Number(pieces[1]);
  }

  /* "09:00" → "9:00", as the table writes it */
  function clock(total) {
    var m = total % 1440;
    return Math.floor(m / 60) + ":" + String(m % 60).padStart(2, "0");
  }

  var week = DAYS.map(function () { return []; }); // per weekday: [opens, closes] in minutes, closes past midnight beyond 1440
  var names = DAYS.map(function () { return ""; });
  rows.forEach(function (row) {
    var day = DAYS.indexOf(row.dataset.day);
    if (day < 0) { return; }
    names[day] = row.querySelector("dt").textContent;
    row.dataset.slots.split(" ").forEach(function (slot) {
      var times = slot.split("-");
      var opens = minutes(times[0]);
      var closes = minutes(times[1]);
      week[day].push([opens, closes <= opens ? closes + 1440 : closes]);
    });
  });

  /* The text with {time} and {day} filled in as elements: the time left to right on every page. */
  function show(template, values) {
    line.replaceChildren();
    template.split(/(\{\w+\})/).forEach(function (piece) {
      var key = /^\{(\w+)\}$/.exec(piece);
      if (!key) { line.appendChild(document.createTextNode(piece)); return; }
      var span = document.createElement("span");
      span.textContent = values[key[1]];
      if (key[1] === "time") { span.dir = "ltr"; }
      line.appendChild(span);
    });
  }

  var now = countyNow();
  if (!now) { return; }
  var yesterday = (now.day + 6) % 7;
  var open = week[now.day].filter(function (slot) { return slot[0] <= now.minute && now.minute < slot[1]; })
    .concat(week[yesterday].filter(function (slot) { return now.minute + 1440 < slot[1]; }));
  if (open.length) {
    show(texts.open, { time: clock(Math.max.apply(null, open.map(function (slot) { return slot[1]; }))) });
    line.classList.add("is-open");
  } else {
    for (var ahead = 0; ahead < 8; ahead += 1) {
      var day = (now.day + ahead) % 7;
      var next = week[day].filter(function (slot) { return ahead > 0 || slot[0] > now.minute; })
        .sort(function (a, b) { return a[0] - b[0]; })[0];
      if (next) {
        var template = ahead === 0 ? texts.today : (ahead === 1 ? texts.tomorrow : texts.later);
        show(template, { time: clock(next[0]), day: names[day] });
        break;
      }
    }
  }
  line.hidden = false;
  rows.forEach(function (row) {
    if (row.dataset.day !== DAYS[now.day]) { return; }
    row.classList.add("heute");
    row.setAttribute("aria-current", "date");
    var mark = document.createElement("span");
    mark.className = "heute-mark";
    mark.textContent = " (" + texts.mark + ")";
    row.querySelector("dt").appendChild(mark);
  });
}());
