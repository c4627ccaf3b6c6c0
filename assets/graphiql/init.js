// Starts GraphiQL on this server's endpoints. `?query=` opens a tab with that query.
(function () {
  var socket = (location.protocol === "https:" ? "wss://" : "ws://") + location.host;
  var fetcher = GraphiQL.createFetcher({
    url: "/graphql",
    subscriptionUrl: socket + "/graphql/ws",
  });
  var query = new URLSearchParams(location.search).get("query");
  var props = {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    defaultQuery:
      "# Sign up or log in, then put the token in Headers:\n" +
      '# { "Authorization": "Bearer <accessToken>" }\n' +
      "{\n  briefs(first: 5) {\n    nodes { id title }\n  }\n}\n",
  };
  if (query) props.query = query;
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, props)
  );
})();
