// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Arena
/// @notice A real-time multiplayer game where every move is a transaction.
///
/// Rules (simple and deterministic, so every client can predict them):
/// - the board is SIZE x SIZE cells, with at most MAX_PLAYERS players on it;
/// - `join` spawns the caller on a free cell picked from a hash of their address
///   and the join counter, probing forward cell by cell past occupied ones;
/// - `move` steps one cell up (y-1), down (y+1), left (x-1) or right (x+1);
///   stepping off the board reverts with OffBoard;
/// - moving into an occupied cell is a hit: the mover scores a point and takes the
///   cell, and the player hit is knocked back one cell further in the same
///   direction; when that cell is off the board or occupied, the player hit is
///   respawned instead (same spawn rule as `join`);
/// - `leave` frees the caller's slot (scores are kept only while on the board).
contract Arena {
    uint8 public constant SIZE = 64;
    uint8 public constant MAX_PLAYERS = 64;

    enum Direction {
        Up,
        Down,
        Left,
        Right
    }

    struct Player {
        address account;
        uint8 x;
        uint8 y;
        uint32 score;
        uint32 moves;
    }

    /// @notice Players on the board, in slot order (a leaving player's slot is taken by the last one).
    Player[] private board;
    /// @dev Slot + 1 of each account on the board (0: not playing).
    mapping(address => uint256) private slotOf;
    /// @dev Slot + 1 of the player on each cell (index y * SIZE + x; 0: empty).
    mapping(uint256 => uint256) private cellOwner;
    /// @notice Joins so far, mixed into spawn positions.
    uint64 public joins;

    event Joined(address indexed player, uint8 x, uint8 y);
    event Moved(address indexed player, uint8 x, uint8 y, Direction direction);
    event Collided(
        address indexed attacker,
        address indexed victim,
        uint8 victimX,
        uint8 victimY,
        bool respawned,
        uint32 attackerScore
    );
    event Left(address indexed player, uint32 score);

    error ArenaFull(uint256 maxPlayers);
    error AlreadyJoined(address player);
    error NotJoined(address player);
    error OffBoard(uint8 x, uint8 y, Direction direction);

    /// @notice Puts the caller on the board.
    function join() external returns (uint8 x, uint8 y) {
        if (slotOf[msg.sender] != 0) revert AlreadyJoined(msg.sender);
        if (board.length == MAX_PLAYERS) revert ArenaFull(MAX_PLAYERS);
        board.push(Player({account: msg.sender, x: 0, y: 0, score: 0, moves: 0}));
        uint256 slot = board.length;
        slotOf[msg.sender] = slot;
        (x, y) = _spawn(slot, msg.sender);
        emit Joined(msg.sender, x, y);
    }

    /// @notice Steps the caller one cell in `direction`; hitting a player scores a point.
    function move(Direction direction) external returns (uint8 x, uint8 y) {
        uint256 slot = slotOf[msg.sender];
        if (slot == 0) revert NotJoined(msg.sender);
        Player storage player = board[slot - 1];
        (bool onBoard, uint8 nx, uint8 ny) = _step(player.x, player.y, direction);
        if (!onBoard) revert OffBoard(player.x, player.y, direction);

        uint256 victimSlot = cellOwner[_cell(nx, ny)];
        if (victimSlot != 0) {
            Player storage victim = board[victimSlot - 1];
            player.score += 1;
            (bool pushable, uint8 vx, uint8 vy) = _step(nx, ny, direction);
            bool respawned = !pushable || cellOwner[_cell(vx, vy)] != 0;
            if (respawned) {
                (vx, vy) = _spawn(victimSlot, victim.account);
            } else {
                _place(victimSlot, victim, vx, vy);
            }
            emit Collided(msg.sender, victim.account, vx, vy, respawned, player.score);
        }
        // The victim has left (nx, ny) by now, so the mover can take it.
        _place(slot, player, nx, ny);
        player.moves += 1;
        emit Moved(msg.sender, nx, ny, direction);
        return (nx, ny);
    }

    /// @notice Takes the caller off the board.
    function leave() external {
        uint256 slot = slotOf[msg.sender];
        if (slot == 0) revert NotJoined(msg.sender);
        Player storage player = board[slot - 1];
        uint32 score = player.score;
        delete cellOwner[_cell(player.x, player.y)];
        delete slotOf[msg.sender];
        uint256 last = board.length;
        if (slot != last) {
            // The last player moves into the freed slot; its cell and account follow.
            Player memory moved = board[last - 1];
            board[slot - 1] = moved;
            slotOf[moved.account] = slot;
            cellOwner[_cell(moved.x, moved.y)] = slot;
        }
        board.pop();
        emit Left(msg.sender, score);
    }

    /// @notice Every player on the board (at most MAX_PLAYERS) in one call.
    function players() external view returns (Player[] memory) {
        return board;
    }

    /// @notice One player's state; `joined` is false when the account is not on the board.
    function playerOf(address account) external view returns (bool joined, Player memory player) {
        uint256 slot = slotOf[account];
        if (slot == 0) return (false, player);
        return (true, board[slot - 1]);
    }

    /// @notice The account on cell (x, y), or the zero address.
    function occupant(uint8 x, uint8 y) external view returns (address) {
        uint256 slot = cellOwner[_cell(x, y)];
        return slot == 0 ? address(0) : board[slot - 1].account;
    }

    function playerCount() external view returns (uint256) {
        return board.length;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Moves the player in `slot` to a free cell. Its current cell counts as taken: a player
    /// respawned after a hit must leave the cell the attacker is moving into.
    function _spawn(uint256 slot, address account) private returns (uint8 x, uint8 y) {
        uint64 n = joins++;
        uint256 cell = uint256(keccak256(abi.encodePacked(account, n))) % (uint256(SIZE) * SIZE);
        // At most MAX_PLAYERS cells are taken, so this ends within MAX_PLAYERS + 1 probes.
        while (cellOwner[cell] != 0) {
            cell = (cell + 1) % (uint256(SIZE) * SIZE);
        }
        x = uint8(cell % SIZE);
        y = uint8(cell / SIZE);
        _place(slot, board[slot - 1], x, y);
    }

    /// @dev Moves the player in `slot` to (x, y), freeing its current cell if it still holds it.
    function _place(uint256 slot, Player storage player, uint8 x, uint8 y) private {
        uint256 from = _cell(player.x, player.y);
        if (cellOwner[from] == slot) delete cellOwner[from];
        player.x = x;
        player.y = y;
        cellOwner[_cell(x, y)] = slot;
    }

    function _step(uint8 x, uint8 y, Direction direction) private pure returns (bool, uint8, uint8) {
        if (direction == Direction.Up) return y == 0 ? (false, x, y) : (true, x, y - 1);
        if (direction == Direction.Down) return y == SIZE - 1 ? (false, x, y) : (true, x, y + 1);
        if (direction == Direction.Left) return x == 0 ? (false, x, y) : (true, x - 1, y);
        return x == SIZE - 1 ? (false, x, y) : (true, x + 1, y);
    }

    function _cell(uint8 x, uint8 y) private pure returns (uint256) {
        return uint256(y) * SIZE + x;
    }
}
