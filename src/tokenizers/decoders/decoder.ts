// A decoder turns tokens back into text pieces (tokenizers' decode_chain); the pieces are joined.
export type Decoder = (tokens: string[]) => string[];
