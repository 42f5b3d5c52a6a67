"""bowout for AI assistants: an MCP server (stdio or streamable HTTP) over the service facade.

``tools`` (the tools and their annotations), ``resources``, ``prompts``, ``server`` (the SDK's
server with them registered), ``serving`` (stdio, HTTP and its access token), ``backend`` (the
settings, clock and store each call uses). The SDK is imported here, never by `bowout --help`.
"""
