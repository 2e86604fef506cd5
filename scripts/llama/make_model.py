#!/usr/bin/env python3
"""
Writes a tiny llama-architecture GGUF with random weights, for tests against a real llama-server.

Usage: PYTHONPATH=<llama.cpp>/gguf-py python3 make_model.py OUT.gguf

The model is a few hundred kilobytes: 2 layers, 64-wide, a SentencePiece-style vocabulary of the 256 byte
tokens, the letters and a few words, and a ChatML chat template. Its output is gibberish; tests check
shapes, grammars and the protocol, never meaning. Only numpy and llama.cpp's own gguf-py are needed.
"""
import sys

import numpy as np
import gguf

N_EMBD = 64
N_HEAD = 4
N_HEAD_KV = 4
N_LAYER = 2
N_FF = 128
N_CTX = 4096

# ChatML with tool calls in `<tool_call>{"name": ..., "arguments": ...}</tool_call>` blocks (the Hermes / Qwen 2.5
# convention): llama-server reads the tool-call format from the template, and constrains tool calls with a grammar.
CHAT_TEMPLATE = """\
{%- if tools %}<|im_start|>system
# Tools
<tools>
{%- for tool in tools %}
{{ tool | tojson }}
{%- endfor %}
</tools>
For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call><|im_end|>
{% endif %}
{%- for message in messages %}
{%- if message.role == "assistant" and message.tool_calls %}<|im_start|>assistant
{%- if message.content %}
{{ message.content }}
{%- endif %}
{%- for tool_call in message.tool_calls %}
{%- if tool_call.function is defined %}{%- set tool_call = tool_call.function %}{%- endif %}
<tool_call>
{"name": "{{ tool_call.name }}", "arguments": {{ tool_call.arguments | tojson }}}
</tool_call>
{%- endfor %}<|im_end|>
{% elif message.role == "tool" %}<|im_start|>user
<tool_response>
{{ message.content }}
</tool_response><|im_end|>
{% else %}<|im_start|>{{ message.role }}
{{ message.content }}<|im_end|>
{% endif %}
{%- endfor %}
{%- if add_generation_prompt %}<|im_start|>assistant
{% endif %}"""


def vocabulary():
    tokens, scores, types = [], [], []

    def add(text, score, kind):
        tokens.append(text)
        scores.append(score)
        types.append(kind)

    add("<unk>", 0.0, gguf.TokenType.UNKNOWN)
    add("<s>", 0.0, gguf.TokenType.CONTROL)
    add("</s>", 0.0, gguf.TokenType.CONTROL)
    add("<|im_start|>", 0.0, gguf.TokenType.CONTROL)
    add("<|im_end|>", 0.0, gguf.TokenType.CONTROL)
    # Byte fallback: every byte has a token, so any text can be tokenized.
    for b in range(256):
        add(f"<0x{b:02X}>", 0.0, gguf.TokenType.BYTE)
    # Single characters (ASCII letters, digits, punctuation) and a few words, "\u2581" marking a word start.
    pieces = ["\u2581"] + [chr(c) for c in range(33, 127)]
    pieces += ["\u2581" + w for w in ("the", "a", "is", "of", "and", "to", "in", "it", "hello", "world", "true", "false")]
    for i, p in enumerate(pieces):
        add(p, -1.0 - i * 0.01, gguf.TokenType.NORMAL)
    return tokens, scores, types


def main(out):
    rng = np.random.default_rng(1234)
    tokens, scores, types = vocabulary()
    n_vocab = len(tokens)

    w = gguf.GGUFWriter(out, "llama")
    w.add_name("tiny-random-llama")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_rope_dimension_count(N_EMBD // N_HEAD)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(n_vocab)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)

    w.add_tokenizer_model("llama")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(4)  # <|im_end|> ends a turn
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    # No space before the first word: the chat template's generation prompt ("assistant\n") must tokenize to
    # exactly its text, which llama-server replays through the grammar of structured output and tool calls.
    w.add_add_space_prefix(False)
    w.add_chat_template(CHAT_TEMPLATE)

    def t(name, *shape):
        # numpy shape is (rows, cols) = ggml (ne1, ne0): a weight mapping n_in -> n_out is (n_out, n_in).
        w.add_tensor(name, (rng.standard_normal(shape) * 0.05).astype(np.float32))

    def ones(name, n):
        w.add_tensor(name, np.ones((n,), dtype=np.float32))

    t("token_embd.weight", n_vocab, N_EMBD)
    head_dim = N_EMBD // N_HEAD
    for i in range(N_LAYER):
        ones(f"blk.{i}.attn_norm.weight", N_EMBD)
        t(f"blk.{i}.attn_q.weight", N_EMBD, N_EMBD)
        t(f"blk.{i}.attn_k.weight", N_HEAD_KV * head_dim, N_EMBD)
        t(f"blk.{i}.attn_v.weight", N_HEAD_KV * head_dim, N_EMBD)
        t(f"blk.{i}.attn_output.weight", N_EMBD, N_EMBD)
        ones(f"blk.{i}.ffn_norm.weight", N_EMBD)
        t(f"blk.{i}.ffn_gate.weight", N_FF, N_EMBD)
        t(f"blk.{i}.ffn_up.weight", N_FF, N_EMBD)
        t(f"blk.{i}.ffn_down.weight", N_EMBD, N_FF)
    ones("output_norm.weight", N_EMBD)
    t("output.weight", n_vocab, N_EMBD)

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_model.py OUT.gguf")
    main(sys.argv[1])
