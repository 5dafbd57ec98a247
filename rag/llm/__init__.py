"""LLM answers through the `openai` package (OpenAI or any OpenAI-compatible server).

client.py   the ChatClient protocol and OpenAIChatClient (timeouts, retries, errors -> LLMError)
prompt.py   the grounded prompt: numbered sources inside per-request random delimiters
sanitize.py neutralizes instruction-like text in sources; strips images, foreign links and HTML from answers
verify.py   checks every [n] of an answer against its passage
answerer.py LLMAnswerer (mode "llm"): prompt -> stream -> sanitize -> verify, extractive fallback
chat.py     ChatSession: follow-ups condensed into standalone questions, token-budgeted history
(multiple choice with the LLM, used only by the eval, is eval/llm_choice.py)
"""
