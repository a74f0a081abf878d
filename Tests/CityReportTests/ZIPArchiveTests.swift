import Foundation
import Testing
@testable import CityReport

/// The workbook's container, checked against published values and against Python's zipfile and
/// openpyxl (independent readers), never against this writer's own reading.
@Suite struct ZIPArchiveTests {
    /// The CRC-32 check value of "123456789" is 0xCBF43926 (the catalogue of parametrised CRCs,
    /// CRC-32/ISO-HDLC), and of nothing 0.
    @Test func crcCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func columnLetters() {
        #expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(Workbook.column) == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
    }

    /// Python reads back every cell with its type: text as str, numbers as int or float.
    @Test func workbookReadByOpenpyxl() throws {
        var book = Workbook()
        book.add("街道", rows: [[.text("名称"), .text("受理数"), .text("按期结案率(%)")],
                              [.text("南京东路街道"), .number(12), .number(83.3)],
                              [.text("a<b & \"c\""), .number(0), .empty]])
        book.add("超期案件", rows: [[.text("案件编号")], [.text("AJ-1")]])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("t.xlsx")
        try Data(book.bytes()).write(to: file)
        let script = """
        import json, sys, zipfile, openpyxl
        z = zipfile.ZipFile(sys.argv[1]); bad = z.testzip()
        wb = openpyxl.load_workbook(sys.argv[1])
        print(json.dumps({"bad": bad, "sheets": wb.sheetnames,
            "cells": {ws.title: [[(type(c.value).__name__, c.value) for c in row] for row in ws.iter_rows()] for ws in wb}}, ensure_ascii=False))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")   // the python3 on PATH, which scripts/setup gives openpyxl
        p.arguments = ["python3", "-c", script, file.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let o = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(o["bad"] is NSNull)
        #expect(o["sheets"] as? [String] == ["街道", "超期案件"])
        let cells = try #require(o["cells"] as? [String: [[[Any]]]])
        let streets = try #require(cells["街道"])
        #expect(streets[1][0][1] as? String == "南京东路街道")
        #expect(streets[1][1][0] as? String == "int" && (streets[1][1][1] as? NSNumber)?.intValue == 12)
        #expect(streets[1][2][0] as? String == "float" && (streets[1][2][1] as? NSNumber)?.doubleValue == 83.3)
        #expect(streets[2][0][1] as? String == "a<b & \"c\"")
        #expect(streets[2][2][0] as? String == "NoneType")
        #expect(cells["超期案件"]?[1][0][1] as? String == "AJ-1")
    }
}
