// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

interface IERC20Transfer {
    function transfer(address to, uint256 amount) external returns (bool);
}

/// Pays out reward epochs: the platform publishes, per epoch, the root of an OpenZeppelin
/// StandardMerkleTree of (address, amount) leaves; anyone may then claim an amount for its
/// address with a proof, once. Leaves are keccak256(bytes.concat(keccak256(abi.encode(account,
/// amount)))) and pairs are hashed sorted, as the StandardMerkleTree library builds them.
contract RewardDistributor {
    /// The ERC-20 paid out (a stable token on a real chain; a test token on the dev chain).
    address public immutable token;
    /// The one address allowed to publish epochs (the platform instance's signer).
    address public immutable publisher;

    mapping(uint256 => bytes32) public roots;
    mapping(uint256 => mapping(address => bool)) public claimed;

    event EpochPublished(uint256 indexed epoch, bytes32 root, uint256 total);
    event Claimed(uint256 indexed epoch, address indexed account, uint256 amount);

    error NotPublisher(address sender);
    error EpochExists(uint256 epoch);
    error UnknownEpoch(uint256 epoch);
    error AlreadyClaimed(uint256 epoch, address account);
    error InvalidProof();
    error TransferFailed();

    constructor(address token_, address publisher_) {
        token = token_;
        publisher = publisher_;
    }

    function publish(uint256 epoch, bytes32 root, uint256 total) external {
        if (msg.sender != publisher) revert NotPublisher(msg.sender);
        if (roots[epoch] != bytes32(0)) revert EpochExists(epoch);
        roots[epoch] = root;
        emit EpochPublished(epoch, root, total);
    }

    function claim(uint256 epoch, address account, uint256 amount, bytes32[] calldata proof) external {
        bytes32 root = roots[epoch];
        if (root == bytes32(0)) revert UnknownEpoch(epoch);
        if (claimed[epoch][account]) revert AlreadyClaimed(epoch, account);
        bytes32 node = keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
        for (uint256 i = 0; i < proof.length; i++) {
            bytes32 sibling = proof[i];
            node = node < sibling ? keccak256(abi.encodePacked(node, sibling)) : keccak256(abi.encodePacked(sibling, node));
        }
        if (node != root) revert InvalidProof();
        claimed[epoch][account] = true;
        if (!IERC20Transfer(token).transfer(account, amount)) revert TransferFailed();
        emit Claimed(epoch, account, amount);
    }
}
