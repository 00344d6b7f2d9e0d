/* inroads serve: the board (funnel, people by stage, drag and drop) and the person page.
 * Inlined by templates/base.html inside one function scope, under a nonce'd Content-Security-Policy.
 * Data reaches the page only through textContent and form values, never innerHTML: a name that looks like markup
 * stays text. Every change is a JSON POST with the page's CSRF token and the version the page read; a 409 answer
 * means another tab or process changed the person first, and the page says so instead of overwriting. */

var data = JSON.parse(document.getElementById('page-data').textContent);
var CSRF = document.querySelector('meta[name="csrf-token"]').getAttribute('content');

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function say(text, kind) {
  var box = document.getElementById('message');
  box.textContent = text;
  box.className = kind || '';
  box.hidden = !text;
}
function fmt(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Number(v.toPrecision(4)));
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}
function personUrl(id) { return '/person?id=' + encodeURIComponent(id); }
function post(url, body) {
  return fetch(url, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': CSRF },
    body: JSON.stringify(body)
  }).then(function (response) {
    return response.json().catch(function () { return { error: 'HTTP ' + response.status }; })
      .then(function (payload) { return { status: response.status, payload: payload }; });
  });
}

// ------------------------------------------------------------------------------------------------ the board
function drawFunnel(state) {
  var table = document.getElementById('funnel');
  clear(table.tHead); clear(table.tBodies[0]);
  var head = el('tr');
  head.appendChild(el('th', null, 'stage'));
  state.kinds.forEach(function (k) { head.appendChild(el('th', null, k)); });
  head.appendChild(el('th', null, 'total'));
  table.tHead.appendChild(head);
  var most = 1;
  state.funnel.forEach(function (row) { most = Math.max(most, row.total); });
  state.funnel.forEach(function (row) {
    var tr = el('tr');
    tr.dataset.stage = row.stage;
    tr.appendChild(el('th', null, row.stage));
    state.kinds.forEach(function (k) {
      var td = el('td', 'num kind-' + k, row[k]);
      td.dataset.kind = k;
      tr.appendChild(td);
    });
    var total = el('td', 'num total');
    var bar = el('span', 'bar');
    bar.style.width = Math.round(100 * row.total / most) + 'px';
    total.appendChild(bar);
    total.appendChild(el('span', null, row.total));
    tr.appendChild(total);
    table.tBodies[0].appendChild(tr);
  });
  var b = state.balance, n = state.niches;
  document.getElementById('health').textContent =
    state.listed + ' people on the list (' + (b.awareness || 0) + ' awareness, ' + (b.conversion || 0) +
    ' conversion; intended ' + b.intended.awareness + ' and ' + b.intended.conversion + '). ' +
    n.covered + (n.total !== null ? ' of ' + n.total : '') + ' ' + (n.column === 'niche' ? 'niches' : 'communities') +
    ' covered. ' + state.overdue + ' next steps overdue' + (state.flagged ? '; ' + state.flagged + ' fell off the list.' : '.');
}

var board = null;
function card(person) {
  var box = el('article', 'card kind-' + person.kind + (person.listed ? '' : ' flagged'));
  box.draggable = true;
  box.dataset.id = person.id;
  box.dataset.version = String(person.version);
  var title = el('a', 'name', person.label);
  title.href = personUrl(person.id);
  box.appendChild(title);
  var meta = el('p', 'small');
  meta.appendChild(el('span', 'badge badge-' + person.kind, person.kind));
  meta.appendChild(document.createTextNode(person.rank ? ' #' + person.rank : ' (fell off the list)'));
  if (person.owner) meta.appendChild(document.createTextNode(' · ' + person.owner));
  box.appendChild(meta);
  if (person.next_step || person.due) {
    var overdue = person.due && person.due < board.today;
    box.appendChild(el('p', 'next' + (overdue ? ' overdue' : ''), (person.next_step || 'next step') + (person.due ? ' — ' + person.due : '')));
  }
  var pick = el('select', 'stage-select');
  pick.setAttribute('aria-label', 'stage of ' + person.label);
  board.stages.forEach(function (s) { var o = el('option', null, s); o.value = s; pick.appendChild(o); });
  pick.value = person.stage;
  pick.addEventListener('change', function () { moveTo(person.id, pick.value); });
  box.appendChild(pick);
  box.addEventListener('dragstart', function (ev) { ev.dataTransfer.setData('text/plain', person.id); ev.dataTransfer.effectAllowed = 'move'; });
  return box;
}

function drawBoard() {
  var root = document.getElementById('board');
  clear(root);
  var needle = document.getElementById('filter').value.trim().toLowerCase();
  var kind = document.getElementById('kind-filter').value;
  var flagged = document.getElementById('show-flagged').checked;
  var shown = 0;
  board.stages.forEach(function (stage) {
    var column = el('section', 'column');
    column.dataset.stage = stage;
    column.appendChild(el('h3', null, stage));
    column.addEventListener('dragover', function (ev) { ev.preventDefault(); column.classList.add('over'); });
    column.addEventListener('dragleave', function () { column.classList.remove('over'); });
    column.addEventListener('drop', function (ev) {
      ev.preventDefault();
      column.classList.remove('over');
      var id = ev.dataTransfer.getData('text/plain');
      if (id) moveTo(id, stage);
    });
    board.people.forEach(function (p) {
      if (p.stage !== stage || (!p.listed && !flagged) || (kind && p.kind !== kind)) return;
      var text = [p.label, p.id, p.owner, p.next_step, p.kind, p.why].join(' ').toLowerCase();
      if (needle && text.indexOf(needle) < 0) return;
      column.appendChild(card(p));
      shown += 1;
    });
    root.appendChild(column);
  });
  document.getElementById('count').textContent = shown + ' of ' + board.people.length + ' people';
}

function findPerson(id) { for (var i = 0; i < board.people.length; i++) if (board.people[i].id === id) return board.people[i]; return null; }

function moveTo(id, stage) {
  var person = findPerson(id);
  if (!person || person.stage === stage) return;
  post('/api/update', { id: id, stage: stage, version: person.version }).then(function (answer) {
    if (answer.status === 200) {
      setBoard(answer.payload.state);
      say(person.label + ' moved to ' + stage + '.', 'ok');
    } else if (answer.status === 409) {
      say(person.label + ' was changed in another tab or window; the board now shows the latest. ' + answer.payload.error, 'warn');
      refresh();
    } else {
      say(answer.payload.error || 'the change was not saved', 'warn');
      drawBoard();
    }
  }).catch(function () { say('the server did not answer; nothing was changed', 'warn'); });
}

function refresh() {
  fetch('/api/state', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(setBoard);
}

function setBoard(state) {
  board = state;
  drawFunnel(state);
  drawBoard();
}

function startBoard() {
  board = data;
  var kinds = document.getElementById('kind-filter');
  data.kinds.forEach(function (k) { var o = el('option', null, k); o.value = k; kinds.appendChild(o); });
  ['filter', 'kind-filter', 'show-flagged'].forEach(function (id) {
    document.getElementById(id).addEventListener(id === 'filter' ? 'input' : 'change', drawBoard);
  });
  if (!data.report) document.getElementById('report-link').hidden = true;
  setBoard(data);
}

// ----------------------------------------------------------------------------------------------- the person
var person = null;
function facts(holder, record, keys) {
  clear(holder);
  keys.forEach(function (key) {
    if (record[key] === null || record[key] === undefined || record[key] === '') return;
    var box = el('div');
    box.appendChild(el('dt', null, key.replace(/_/g, ' ')));
    box.appendChild(el('dd', null, fmt(record[key])));
    holder.appendChild(box);
  });
}

function drawPerson() {
  facts(document.getElementById('facts'), person, ['id', 'kind', 'rank', 'listed', 'intro_path', 'added_at', 'updated_at']);
  document.getElementById('why').textContent = person.figures.why || '';
  var stage = document.getElementById('stage');
  clear(stage);
  data.stages.forEach(function (s) { var o = el('option', null, s); o.value = s; stage.appendChild(o); });
  stage.value = person.stage;
  ['owner', 'next_step', 'notes'].forEach(function (k) { document.getElementById(k).value = person[k] || ''; });
  document.getElementById('due').value = person.due || '';
  document.getElementById('version').textContent = 'version ' + person.version;
  drawLog(person.log);
  var history = document.getElementById('history').tBodies[0];
  clear(history);
  (data.changes || []).forEach(function (c) {
    var tr = el('tr');
    [c.at, c.field, c.old, c.new, c.source].forEach(function (v) { tr.appendChild(el('td', null, fmt(v))); });
    history.appendChild(tr);
  });
  var figures = Object.keys(person.figures).filter(function (k) { return ['id', 'label', 'why'].indexOf(k) < 0; });
  facts(document.getElementById('figures'), person.figures, figures);
}

function drawLog(entries) {
  var body = document.getElementById('log').tBodies[0];
  clear(body);
  entries.forEach(function (e) {
    var tr = el('tr');
    [e.date, e.kind, e.note, e.source].forEach(function (v) { tr.appendChild(el('td', null, fmt(v))); });
    body.appendChild(tr);
  });
}

function startPerson() {
  person = data;
  drawPerson();
  document.getElementById('log-date').value = new Date().toISOString().slice(0, 10);
  document.getElementById('edit').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var body = { id: person.id, version: person.version };
    ['stage', 'owner', 'next_step', 'notes', 'due'].forEach(function (k) { body[k] = document.getElementById(k).value; });
    post('/api/update', body).then(function (answer) {
      if (answer.status === 200) {
        person = Object.assign(answer.payload.person, { log: person.log });
        document.getElementById('conflict').hidden = true;
        document.getElementById('version').textContent = 'version ' + person.version;
        say('Saved.', 'ok');
      } else if (answer.status === 409) {
        var theirs = answer.payload.person;
        document.getElementById('conflict-text').textContent =
          'Not saved: ' + person.label + ' was changed in another tab or window (now version ' + theirs.version +
          '). Their values are below; reload to take them, then make your change again.';
        facts(document.getElementById('conflict-theirs'), theirs, ['stage', 'owner', 'next_step', 'due', 'notes']);
        document.getElementById('conflict').hidden = false;
        say('Not saved: changed elsewhere.', 'warn');
        document.getElementById('reload').onclick = function () { window.location.reload(); };
      } else {
        say(answer.payload.error || 'not saved', 'warn');
      }
    }).catch(function () { say('the server did not answer; nothing was saved', 'warn'); });
  });
  document.getElementById('add-log').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var body = { id: person.id, date: document.getElementById('log-date').value, kind: document.getElementById('log-kind').value,
      note: document.getElementById('log-note').value };
    post('/api/log', body).then(function (answer) {
      if (answer.status === 200) {
        person.log = answer.payload.log;
        drawLog(person.log);
        document.getElementById('log-note').value = '';
        say('Logged.', 'ok');
      } else {
        say(answer.payload.error || 'not logged', 'warn');
      }
    }).catch(function () { say('the server did not answer; nothing was logged', 'warn'); });
  });
}

if (document.body.dataset.page === 'board') startBoard(); else startPerson();
document.body.dataset.ready = 'true';
