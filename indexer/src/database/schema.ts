/**
 * The indexer's schema: plain SQL shared by PGlite and Postgres. Conventions:
 * addresses, hashes and byte strings are `bytea`; block, mini-block and seq
 * numbers are `bigint`; uint256 quantities (value, balance, gas, fees) are
 * `numeric(78, 0)`. Idempotent, so it runs on every start.
 */
export const SCHEMA_SQL = `
create table if not exists cursor (
  id smallint primary key check (id = 1),
  -- seq of the last stream event whose writes are committed; 0 before the first
  seq bigint not null
);
-- newest block finalized by the verifier pool (the \`finalized\` tag), from \`finality\` events
alter table cursor add column if not exists finalized_block bigint not null default 0;

create table if not exists blocks (
  number bigint primary key,
  hash bytea not null unique,
  parent_hash bytea not null,
  timestamp bigint not null,
  gas_limit numeric(78, 0) not null,
  gas_used numeric(78, 0) not null,
  base_fee_per_gas numeric(78, 0) not null,
  state_root bytea not null,
  transactions_root bytea not null,
  receipts_root bytea not null,
  logs_bloom bytea not null,
  coinbase bytea not null,
  mini_block_count integer not null,
  first_mini_block bigint not null,
  transaction_count integer not null,
  seq bigint not null unique
);

create table if not exists mini_blocks (
  number bigint primary key,
  block_number bigint not null,
  -- set when the EVM block containing this mini-block is sealed
  block_hash bytea,
  index_in_block integer not null,
  first_tx_index integer not null,
  timestamp_us bigint not null,
  gas_used numeric(78, 0) not null,
  transaction_count integer not null,
  seq bigint not null unique,
  unique (block_number, index_in_block)
);

create table if not exists transactions (
  hash bytea primary key,
  block_number bigint not null,
  block_hash bytea,
  mini_block_number bigint not null,
  -- position within the EVM block
  transaction_index integer not null,
  type smallint not null,
  "from" bytea not null,
  "to" bytea,
  nonce numeric(78, 0) not null,
  value numeric(78, 0) not null,
  gas_limit numeric(78, 0) not null,
  gas_price numeric(78, 0),
  max_fee_per_gas numeric(78, 0),
  max_priority_fee_per_gas numeric(78, 0),
  input bytea not null,
  unique (block_number, transaction_index)
);
create index if not exists transactions_from on transactions ("from", block_number);
create index if not exists transactions_to on transactions ("to", block_number);

create table if not exists receipts (
  transaction_hash bytea primary key references transactions (hash),
  status smallint not null,
  gas_used numeric(78, 0) not null,
  cumulative_gas_used numeric(78, 0) not null,
  effective_gas_price numeric(78, 0) not null,
  contract_address bytea,
  revert_data bytea
);

create table if not exists logs (
  block_number bigint not null,
  -- position within the EVM block, as eth_getLogs numbers it
  log_index integer not null,
  transaction_hash bytea not null references transactions (hash),
  transaction_index integer not null,
  mini_block_number bigint not null,
  address bytea not null,
  topic0 bytea,
  topic1 bytea,
  topic2 bytea,
  topic3 bytea,
  data bytea not null,
  primary key (block_number, log_index)
);
create index if not exists logs_address_topic0 on logs (address, topic0, block_number);

create table if not exists accounts (
  address bytea primary key,
  balance numeric(78, 0) not null,
  nonce numeric(78, 0) not null,
  -- indexed transactions sent by or to this account (a contract creation counts for the contract)
  transaction_count bigint not null,
  -- mini-block of the last state change; 0 for genesis
  updated_mini_block bigint not null
);

create table if not exists contracts (
  address bytea primary key,
  creator bytea not null,
  creation_transaction bytea not null references transactions (hash)
);

-- Tokens are detected from their Transfer events: ERC-20 has 3 topics and a 32-byte
-- amount, ERC-721 has 4 topics (the token id indexed) and no data.
create table if not exists tokens (
  address bytea primary key,
  standard text not null check (standard in ('erc20', 'erc721')),
  -- read with eth_call when the indexer is given an RPC URL; null until then or if absent
  name text,
  symbol text,
  decimals smallint,
  first_block bigint not null,
  transfer_count bigint not null,
  -- holders with a nonzero balance
  holder_count bigint not null
);

create table if not exists token_transfers (
  block_number bigint not null,
  log_index integer not null,
  token bytea not null,
  transaction_hash bytea not null references transactions (hash),
  mini_block_number bigint not null,
  "from" bytea not null,
  "to" bytea not null,
  -- the amount for ERC-20, 1 for ERC-721
  value numeric(78, 0) not null,
  -- ERC-721 only
  token_id numeric(78, 0),
  primary key (block_number, log_index)
);
create index if not exists token_transfers_token on token_transfers (token, block_number);
create index if not exists token_transfers_from on token_transfers ("from", block_number);
create index if not exists token_transfers_to on token_transfers ("to", block_number);

-- Balances follow the transfers (mints come from, burns go to, the zero address, which
-- holds no balance): ERC-20 amounts, ERC-721 token counts.
create table if not exists token_balances (
  token bytea not null,
  holder bytea not null,
  balance numeric(78, 0) not null,
  updated_mini_block bigint not null,
  primary key (token, holder)
);
create index if not exists token_balances_by_balance on token_balances (token, balance desc);

create table if not exists nft_owners (
  token bytea not null,
  token_id numeric(78, 0) not null,
  owner bytea not null,
  primary key (token, token_id)
);
create index if not exists nft_owners_owner on nft_owners (owner, token);
`
