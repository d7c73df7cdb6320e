package io.nqflow.dbn.record;

/** Auction imbalance (rtype 0x14). Prices 1e-9 units. */
public record ImbalanceMsg(
    RecordHeader hd,
    long tsRecv,
    long refPrice,
    long auctionTime,
    long contBookClrPrice,
    long auctInterestClrPrice,
    long ssrFillingPrice,
    long indMatchPrice,
    long upperCollar,
    long lowerCollar,
    long pairedQty,
    long totalImbalanceQty,
    long marketImbalanceQty,
    long unpairedQty,
    char auctionType,
    char side,
    int auctionStatus,
    int freezeStatus,
    int numExtensions,
    char unpairedSide,
    char significantImbalance)
    implements DbnMessage {}
