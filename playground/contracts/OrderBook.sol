// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice The two calls the book makes on its tokens.
interface IPlaygroundToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @title OrderBook
/// @notice A central limit order book for one pair of ERC-20 tokens (base / quote).
///
/// Units, chosen so every amount is an exact integer (no rounding, nothing lost):
/// - `size` counts lots; one lot is `baseLot` base-token units;
/// - `tick` is the price: one lot costs `tick * quotePerTick` quote-token units;
///   ticks run from 1 to MAX_TICK.
///
/// Matching is price-time priority: best price first, first in first out within a
/// price. A fill trades at the resting (maker) order's tick. Funds are escrowed on
/// placement: a resting buy holds `tick * remaining * quotePerTick` quote, a resting
/// sell holds `remaining * baseLot` base. The taker pays makers directly, so the
/// contract never holds more than the open orders' escrow.
///
/// Gas per call is bounded: a call fills at most MAX_FILLS resting orders, and price
/// levels are found through a two-level bitmap (at most two words read per lookup).
/// The tokens are trusted (set once at deployment and assumed not to call back).
contract OrderBook {
    uint16 public constant MAX_TICK = type(uint16).max;
    /// @notice Most resting orders one call may fill (bounds gas per call).
    uint256 public constant MAX_FILLS = 32;
    /// @notice Most price levels per side `depth` returns.
    uint256 public constant MAX_DEPTH = 64;

    enum Status {
        None, // no such order
        Open, // resting on the book
        Filled, // fully traded
        Cancelled, // removed by its owner; the escrow of its remainder was refunded
        Closed // a market order that ran out of liquidity or of price: its remainder never rested
    }

    /// @dev Packed into two slots: owner, tick, side, status and prev share the first.
    struct Order {
        address owner;
        uint16 tick;
        bool isBuy;
        Status status;
        uint64 prev;
        uint64 next;
        uint64 size;
        uint64 remaining;
    }

    /// @dev One price level: a FIFO list of orders and its total remaining size.
    struct Level {
        uint64 head;
        uint64 tail;
        uint64 size;
        uint32 orders;
    }

    /// @dev Which ticks have a level: bit `t & 255` of word `t >> 8`; bit `w` of `summary` when word `w` is non-zero.
    struct TickBitmap {
        uint256 summary;
        mapping(uint256 => uint256) words;
    }

    /// @notice One price level as `depth` reports it.
    struct LevelView {
        uint16 tick;
        uint64 size;
        uint32 orders;
    }

    IPlaygroundToken public immutable base;
    IPlaygroundToken public immutable quote;
    uint256 public immutable baseLot;
    uint256 public immutable quotePerTick;

    /// @notice The id the next order gets; ids start at 1 (0 means "none").
    uint64 public nextOrderId = 1;

    mapping(uint64 => Order) private orders;
    mapping(uint16 => Level) private bidLevels;
    mapping(uint16 => Level) private askLevels;
    TickBitmap private bidTicks;
    TickBitmap private askTicks;

    event OrderPlaced(
        uint64 indexed orderId, address indexed owner, bool indexed isBuy, uint16 tick, uint64 size, bool isMarket
    );
    /// @notice One match: `size` lots at the maker's `tick`, `quoteAmount` quote units paid for them.
    event Fill(
        uint64 indexed makerOrderId,
        address indexed maker,
        address indexed taker,
        uint64 takerOrderId,
        bool takerIsBuy,
        uint16 tick,
        uint64 size,
        uint256 quoteAmount,
        uint64 makerRemaining
    );
    event OrderCancelled(uint64 indexed orderId, address indexed owner, uint64 refundedSize);

    error InvalidTick(uint16 tick);
    error InvalidSize();
    error InvalidLotSizes();
    /// @notice A limit order would still cross the book after MAX_FILLS fills: split it.
    error TooManyFills(uint256 maxFills);
    /// @notice A market order found nothing to take within its worst tick.
    error NoLiquidity(bool isBuy, uint16 worstTick);
    error NotOrderOwner(uint64 orderId, address owner, address caller);
    error OrderNotOpen(uint64 orderId, Status status);
    error DepthTooLarge(uint256 levels, uint256 max);
    error TokenTransferFailed();

    constructor(IPlaygroundToken base_, IPlaygroundToken quote_, uint256 baseLot_, uint256 quotePerTick_) {
        if (baseLot_ == 0 || quotePerTick_ == 0) revert InvalidLotSizes();
        base = base_;
        quote = quote_;
        baseLot = baseLot_;
        quotePerTick = quotePerTick_;
    }

    // ---------------------------------------------------------------- orders

    /// @notice Buys or sells `size` lots at `tick` or better. The part that crosses the book
    /// fills now (at the makers' prices); the rest rests on the book with its funds escrowed.
    function placeLimit(bool isBuy, uint16 tick, uint64 size) external returns (uint64 orderId, uint64 filled) {
        if (tick == 0) revert InvalidTick(tick);
        if (size == 0) revert InvalidSize();
        orderId = nextOrderId++;
        emit OrderPlaced(orderId, msg.sender, isBuy, tick, size, false);
        bool capped;
        (filled, capped) = _match(orderId, isBuy, tick, size);
        uint64 left = size - filled;
        if (capped) revert TooManyFills(MAX_FILLS);
        orders[orderId] = Order({
            owner: msg.sender,
            tick: tick,
            isBuy: isBuy,
            status: left == 0 ? Status.Filled : Status.Open,
            prev: 0,
            next: 0,
            size: size,
            remaining: left
        });
        if (left > 0) {
            _append(orderId, isBuy, tick, left);
            if (isBuy) _pull(quote, msg.sender, uint256(tick) * left * quotePerTick);
            else _pull(base, msg.sender, uint256(left) * baseLot);
        }
    }

    /// @notice Takes up to `size` lots from the other side, best price first, never past
    /// `worstTick` (the slippage bound), and at most MAX_FILLS orders. What is not filled
    /// is dropped, never booked. Reverts with NoLiquidity when nothing at all fills.
    function placeMarket(bool isBuy, uint64 size, uint16 worstTick) external returns (uint64 orderId, uint64 filled) {
        if (worstTick == 0) revert InvalidTick(worstTick);
        if (size == 0) revert InvalidSize();
        orderId = nextOrderId++;
        emit OrderPlaced(orderId, msg.sender, isBuy, worstTick, size, true);
        (filled,) = _match(orderId, isBuy, worstTick, size);
        if (filled == 0) revert NoLiquidity(isBuy, worstTick);
        orders[orderId] = Order({
            owner: msg.sender,
            tick: worstTick,
            isBuy: isBuy,
            status: filled == size ? Status.Filled : Status.Closed,
            prev: 0,
            next: 0,
            size: size,
            remaining: size - filled
        });
    }

    /// @notice Removes an open order of the caller's and refunds the escrow of its remainder.
    function cancel(uint64 orderId) external {
        Order storage order = orders[orderId];
        if (order.status != Status.Open) revert OrderNotOpen(orderId, order.status);
        if (order.owner != msg.sender) revert NotOrderOwner(orderId, order.owner, msg.sender);
        uint64 left = order.remaining;
        bool isBuy = order.isBuy;
        uint16 tick = order.tick;
        _unlink(order, isBuy ? bidLevels[tick] : askLevels[tick]);
        if (isBuy ? bidLevels[tick].orders == 0 : askLevels[tick].orders == 0) {
            _clearTick(isBuy ? bidTicks : askTicks, tick);
        }
        order.status = Status.Cancelled;
        order.remaining = 0;
        emit OrderCancelled(orderId, msg.sender, left);
        if (isBuy) _push(quote, msg.sender, uint256(tick) * left * quotePerTick);
        else _push(base, msg.sender, uint256(left) * baseLot);
    }

    // ---------------------------------------------------------------- views

    /// @notice An order's full state (status None when the id was never used).
    function getOrder(uint64 orderId) external view returns (Order memory) {
        return orders[orderId];
    }

    /// @notice The highest bid tick, 0 when there are no bids.
    function bestBid() public view returns (uint16) {
        (bool found, uint16 tick) = _highestAtOrBelow(bidTicks, MAX_TICK);
        return found ? tick : 0;
    }

    /// @notice The lowest ask tick, 0 when there are no asks.
    function bestAsk() public view returns (uint16) {
        (bool found, uint16 tick) = _lowestAtOrAbove(askTicks, 1);
        return found ? tick : 0;
    }

    /// @notice The best `levels` price levels of each side, best first.
    function depth(uint256 levels) external view returns (LevelView[] memory bids, LevelView[] memory asks) {
        if (levels > MAX_DEPTH) revert DepthTooLarge(levels, MAX_DEPTH);
        bids = new LevelView[](levels);
        asks = new LevelView[](levels);
        uint256 n;
        (bool found, uint16 tick) = _highestAtOrBelow(bidTicks, MAX_TICK);
        while (found && n < levels) {
            Level storage level = bidLevels[tick];
            bids[n++] = LevelView(tick, level.size, level.orders);
            if (tick == 1) break;
            (found, tick) = _highestAtOrBelow(bidTicks, tick - 1);
        }
        _truncate(bids, n);
        n = 0;
        (found, tick) = _lowestAtOrAbove(askTicks, 1);
        while (found && n < levels) {
            Level storage level = askLevels[tick];
            asks[n++] = LevelView(tick, level.size, level.orders);
            if (tick == MAX_TICK) break;
            (found, tick) = _lowestAtOrAbove(askTicks, uint256(tick) + 1);
        }
        _truncate(asks, n);
    }

    /// @notice Quote units that `size` lots cost at `tick`.
    function quoteFor(uint16 tick, uint64 size) external view returns (uint256) {
        return uint256(tick) * size * quotePerTick;
    }

    // ---------------------------------------------------------------- matching

    /// @dev Fills the taker against the other side up to `limitTick`. Returns the lots filled
    /// and whether it stopped at MAX_FILLS while crossing liquidity was left.
    function _match(uint64 takerId, bool isBuy, uint16 limitTick, uint64 size)
        private
        returns (uint64 filled, bool capped)
    {
        uint256 fills;
        uint256 takerReceives;
        while (filled < size) {
            (bool found, uint16 tick) = isBuy ? _lowestAtOrAbove(askTicks, 1) : _highestAtOrBelow(bidTicks, MAX_TICK);
            if (!found || (isBuy ? tick > limitTick : tick < limitTick)) break;
            Level storage level = isBuy ? askLevels[tick] : bidLevels[tick];
            while (filled < size && level.head != 0) {
                if (fills == MAX_FILLS) return (filled, true);
                fills++;
                (uint64 take, uint256 receives) = _fillHead(level, takerId, isBuy, tick, size - filled);
                filled += take;
                takerReceives += receives;
            }
            if (level.orders == 0) _clearTick(isBuy ? askTicks : bidTicks, tick);
        }
        if (takerReceives > 0) _push(isBuy ? base : quote, msg.sender, takerReceives);
    }

    /// @dev Fills up to `want` lots from the first order of `level`. Returns the lots taken and
    /// what the taker gets for them from the maker's escrow (paid out once, by `_match`).
    function _fillHead(Level storage level, uint64 takerId, bool isBuy, uint16 tick, uint64 want)
        private
        returns (uint64 take, uint256 receives)
    {
        uint64 makerId = level.head;
        Order storage maker = orders[makerId];
        take = want < maker.remaining ? want : maker.remaining;
        maker.remaining -= take;
        level.size -= take;
        address makerOwner = maker.owner;
        if (maker.remaining == 0) {
            _unlink(maker, level);
            maker.status = Status.Filled;
        }
        uint256 quoteAmount = uint256(tick) * take * quotePerTick;
        emit Fill(makerId, makerOwner, msg.sender, takerId, isBuy, tick, take, quoteAmount, maker.remaining);
        // The taker pays the maker directly, so no taker funds pass through the contract.
        if (isBuy) {
            _pullTo(quote, msg.sender, makerOwner, quoteAmount);
            receives = uint256(take) * baseLot;
        } else {
            _pullTo(base, msg.sender, makerOwner, uint256(take) * baseLot);
            receives = quoteAmount;
        }
    }

    // ---------------------------------------------------------------- levels

    function _append(uint64 orderId, bool isBuy, uint16 tick, uint64 size) private {
        Level storage level = isBuy ? bidLevels[tick] : askLevels[tick];
        if (level.orders == 0) _setTick(isBuy ? bidTicks : askTicks, tick);
        if (level.tail == 0) {
            level.head = orderId;
        } else {
            orders[level.tail].next = orderId;
            orders[orderId].prev = level.tail;
        }
        level.tail = orderId;
        level.size += size;
        level.orders += 1;
    }

    /// @dev Removes the order from its level's list, and its remaining size from the level.
    function _unlink(Order storage order, Level storage level) private {
        uint64 prev = order.prev;
        uint64 next = order.next;
        if (prev == 0) level.head = next;
        else orders[prev].next = next;
        if (next == 0) level.tail = prev;
        else orders[next].prev = prev;
        level.size -= order.remaining;
        level.orders -= 1;
        order.prev = 0;
        order.next = 0;
    }

    // ---------------------------------------------------------------- tick bitmap

    function _setTick(TickBitmap storage bitmap, uint16 tick) private {
        uint256 word = uint256(tick) >> 8;
        bitmap.words[word] |= uint256(1) << (tick & 255);
        bitmap.summary |= uint256(1) << word;
    }

    function _clearTick(TickBitmap storage bitmap, uint16 tick) private {
        uint256 word = uint256(tick) >> 8;
        uint256 bits = bitmap.words[word] & ~(uint256(1) << (tick & 255));
        bitmap.words[word] = bits;
        if (bits == 0) bitmap.summary &= ~(uint256(1) << word);
    }

    function _lowestAtOrAbove(TickBitmap storage bitmap, uint256 from) private view returns (bool, uint16) {
        uint256 word = from >> 8;
        uint256 bits = bitmap.words[word] & (type(uint256).max << (from & 255));
        if (bits != 0) return (true, uint16((word << 8) | _lowestBit(bits)));
        if (word == 255) return (false, 0);
        uint256 summary = bitmap.summary & (type(uint256).max << (word + 1));
        if (summary == 0) return (false, 0);
        word = _lowestBit(summary);
        return (true, uint16((word << 8) | _lowestBit(bitmap.words[word])));
    }

    function _highestAtOrBelow(TickBitmap storage bitmap, uint256 from) private view returns (bool, uint16) {
        uint256 word = from >> 8;
        uint256 bit = from & 255;
        uint256 mask = bit == 255 ? type(uint256).max : (uint256(1) << (bit + 1)) - 1;
        uint256 bits = bitmap.words[word] & mask;
        if (bits != 0) return (true, uint16((word << 8) | _highestBit(bits)));
        if (word == 0) return (false, 0);
        uint256 summary = bitmap.summary & ((uint256(1) << word) - 1);
        if (summary == 0) return (false, 0);
        word = _highestBit(summary);
        return (true, uint16((word << 8) | _highestBit(bitmap.words[word])));
    }

    /// @dev Index of the highest set bit of a non-zero word (binary search, 8 steps).
    function _highestBit(uint256 x) private pure returns (uint256 r) {
        if (x >= 1 << 128) { x >>= 128; r += 128; }
        if (x >= 1 << 64) { x >>= 64; r += 64; }
        if (x >= 1 << 32) { x >>= 32; r += 32; }
        if (x >= 1 << 16) { x >>= 16; r += 16; }
        if (x >= 1 << 8) { x >>= 8; r += 8; }
        if (x >= 1 << 4) { x >>= 4; r += 4; }
        if (x >= 1 << 2) { x >>= 2; r += 2; }
        if (x >= 1 << 1) r += 1;
    }

    /// @dev Index of the lowest set bit of a non-zero word.
    function _lowestBit(uint256 x) private pure returns (uint256) {
        unchecked {
            return _highestBit(x & (~x + 1));
        }
    }

    // ---------------------------------------------------------------- helpers

    function _truncate(LevelView[] memory levels, uint256 n) private pure {
        assembly {
            mstore(levels, n)
        }
    }

    function _pull(IPlaygroundToken token, address from, uint256 amount) private {
        _pullTo(token, from, address(this), amount);
    }

    function _pullTo(IPlaygroundToken token, address from, address to, uint256 amount) private {
        if (!token.transferFrom(from, to, amount)) revert TokenTransferFailed();
    }

    function _push(IPlaygroundToken token, address to, uint256 amount) private {
        if (!token.transfer(to, amount)) revert TokenTransferFailed();
    }
}
