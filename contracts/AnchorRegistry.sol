// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// Anchors the Merkle roots of batches of contribution records. A root is the sha256 digest of
/// the batch's root node (a dag-cbor block); anyone can then prove a record was in the batch by
/// walking its path from that root and finding the Anchored event of this contract.
contract AnchorRegistry {
    /// The one address allowed to anchor (the platform instance's signer).
    address public immutable anchorer;

    /// Block number at which each root was anchored (0: never).
    mapping(bytes32 => uint256) public anchoredAt;

    event Anchored(bytes32 indexed root, uint256 records, address indexed anchorer);

    error NotAnchorer(address sender);
    error AlreadyAnchored(bytes32 root, uint256 blockNumber);

    constructor(address anchorer_) {
        anchorer = anchorer_;
    }

    function anchor(bytes32 root, uint256 records) external {
        if (msg.sender != anchorer) revert NotAnchorer(msg.sender);
        uint256 at = anchoredAt[root];
        if (at != 0) revert AlreadyAnchored(root, at);
        anchoredAt[root] = block.number;
        emit Anchored(root, records, msg.sender);
    }
}
