// Starts Web Chat against the bot's own Direct Line endpoint. The token comes from this page's server,
// which mints it for one new conversation; Web Chat refreshes it itself before it expires.
(function () {
  'use strict';

  var status = document.getElementById('status');

  function say(message) {
    status.textContent = message;
    status.hidden = false;
  }

  // Direct Line's connection states, as botframework-directlinejs numbers them.
  var ExpiredToken = 3;
  var FailedToConnect = 4;
  var Ended = 5;

  async function start() {
    var response = await fetch('api/webchat/token', { method: 'POST' });
    if (!response.ok) {
      var detail = await response.json().catch(function () { return null; });
      throw new Error((detail && detail.error && detail.error.message) || 'the bot answered ' + response.status);
    }
    var grant = await response.json();

    var directLine = window.WebChat.createDirectLine({
      domain: new URL('v3/directline', document.baseURI).href,
      token: grant.token,
      webSocket: false
    });
    directLine.connectionStatus$.subscribe(function (state) {
      if (state === Ended || state === ExpiredToken) {
        say('This conversation has ended. Reload the page to start a new one.');
      } else if (state === FailedToConnect) {
        say('The chat could not reach the bot. Reload the page to try again.');
      }
    });

    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: 'en-US',
        styleOptions: {
          hideUploadButton: true,
          botAvatarInitials: 'Bot',
          userAvatarInitials: 'You',
          bubbleBorderRadius: 8,
          bubbleFromUserBorderRadius: 8,
          accent: '#b3262d'
        }
      },
      document.getElementById('webchat')
    );

    var input = document.querySelector('[data-id="webchat-sendbox-input"]');
    if (input) {
      input.focus();
    }
  }

  if (!window.WebChat) {
    say('The chat widget did not load. The bot may have been built without Web Chat; see the README.');
    return;
  }
  start().catch(function (error) {
    say('The chat could not start: ' + error.message);
  });
})();
