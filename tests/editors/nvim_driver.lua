-- Drives a headless Neovim through the README setup and records what a user
-- would see: diagnostics, completion after typing COPY --from=, hover on a FROM
-- line and definition of a stage reference. Results go to $DRIVER_OUTPUT as JSON.
local output = os.getenv('DRIVER_OUTPUT')
local result = { errors = {} }

local function finish()
  local file = io.open(output, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qall!')
end

local function fail(message)
  table.insert(result.errors, message)
  finish()
end

local buf = vim.api.nvim_get_current_buf()
local attached = vim.wait(20000, function()
  return #vim.lsp.buf_get_clients(buf) > 0
end, 10)
if not attached then
  return fail('the server did not attach to the buffer')
end

local got_diagnostics = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 10)
if not got_diagnostics then
  return fail('no diagnostics arrived')
end
result.diagnostics = {}
for _, item in ipairs(vim.diagnostic.get(buf)) do
  table.insert(result.diagnostics, {
    line = item.lnum, col = item.col, message = item.message, severity = item.severity,
  })
end

local function request(method, params)
  local responses = vim.lsp.buf_request_sync(buf, method, params, 20000)
  if not responses then
    return nil
  end
  for _, response in pairs(responses) do
    if response.result then
      return response.result
    end
  end
  return nil
end

local uri = vim.uri_from_bufnr(buf)
local hover = request('textDocument/hover', {
  textDocument = { uri = uri }, position = { line = 6, character = 7 },
})
result.hover = hover and hover.contents and (hover.contents.value or hover.contents) or ''

local definition = request('textDocument/definition', {
  textDocument = { uri = uri }, position = { line = 1, character = 21 },
})
result.definition = definition

vim.api.nvim_buf_set_lines(buf, -1, -1, false, { 'COPY --from=' })
local last = vim.api.nvim_buf_line_count(buf) - 1
local completion = request('textDocument/completion', {
  textDocument = { uri = uri }, position = { line = last, character = 12 },
})
result.completion = {}
local items = completion and (completion.items or completion) or {}
for _, item in ipairs(items) do
  table.insert(result.completion, item.label)
end
finish()
