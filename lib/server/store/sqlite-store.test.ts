import { describeStoreContract } from "@/test/helpers/store-contract";
import { SqliteStore } from "./sqlite-store";

describeStoreContract("SQLite", () => new SqliteStore(":memory:"));
